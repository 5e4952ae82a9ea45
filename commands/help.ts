import { requiredRole } from './dispatch.ts';
import type { Reply } from './reply.ts';
import type { AnyCommand, CommandDefinition } from './types.ts';

const order: Record<string, number> = { member: 0, moderator: 1, operator: 2 };

/** Builds `/help` over a command list, showing each caller what they can run. */
export function createHelpCommand(list: () => readonly AnyCommand[]) {
  return {
    name: 'help',
    description: 'Commands and examples',
    options: [],
    permission: 'member',
    examples: ['/help'],
    async run({ chat, caller }): Promise<Reply> {
      const visible = list().filter((command) => order[requiredRole(command, chat)]! <= order[caller.role]!);
      return {
        title: 'newsbrief: news briefings with sources',
        items: visible.map((command) => ({ title: `/${command.name}`, text: `${command.description}. e.g. ${command.examples.slice(0, 2).join('  ·  ')}` })),
        note: 'Every sentence cites the stored articles it came from. Answers say so when the articles do not contain them.',
      };
    },
  } satisfies CommandDefinition<Record<string, never>>;
}
