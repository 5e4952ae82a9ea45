import type { BotCommand } from 'grammy/types';
import { requiredRole } from '../../commands/dispatch.ts';
import type { AnyCommand, ChatContext } from '../../commands/types.ts';

const sampleGroup: ChatContext = { platform: 'telegram', chatId: '0', kind: 'group' };
const samplePrivate: ChatContext = { platform: 'telegram', chatId: '0', kind: 'private' };

function entry(command: AnyCommand): BotCommand {
  return { command: command.name, description: command.description.slice(0, 256) };
}

/**
 * The command menus Telegram shows: what members can run anywhere (default scope), what
 * anyone can run in a private chat, and what chat administrators can run in groups.
 */
export function commandMenus(commands: readonly AnyCommand[]) {
  return {
    everyone: commands.filter((command) => requiredRole(command, sampleGroup) === 'member').map(entry),
    privateChats: commands.filter((command) => requiredRole(command, samplePrivate) === 'member').map(entry),
    administrators: commands.filter((command) => requiredRole(command, sampleGroup) !== 'operator').map(entry),
  };
}
