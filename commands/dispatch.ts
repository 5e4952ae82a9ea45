import { randomUUID } from 'node:crypto';
import { UserError, errorMessage } from '../src/errors.ts';
import type { Logger } from '../src/log.ts';
import { parseStructuredArguments, parseTextArguments } from './arguments.ts';
import type { CommandDeps } from './deps.ts';
import type { RateLimiter } from './rate-limit.ts';
import { errorReply, type Reply } from './reply.ts';
import type { AnyCommand, Caller, ChatContext, Role } from './types.ts';

/** One command invocation from any surface. */
export interface CommandRequest {
  name: string;
  /** What followed the command name, as typed (Telegram, console, buttons). */
  text?: string | undefined;
  /** Options already separated by the platform (Discord). */
  options?: Readonly<Record<string, string | number | boolean>> | undefined;
  chat: ChatContext;
  caller: Caller;
}

export interface CommandRunner {
  readonly commands: readonly AnyCommand[];
  find(name: string): AnyCommand | undefined;
  /** Never throws: every failure becomes a reply the caller can read (and a log line). */
  run(request: CommandRequest): Promise<Reply>;
}

const rank: Readonly<Record<Role, number>> = { member: 0, moderator: 1, operator: 2 };
const roleNames: Readonly<Record<Role, string>> = {
  member: 'everyone',
  moderator: 'moderators (chat administrators or people the operator named)',
  operator: "the bot's operators",
};

export function requiredRole(command: AnyCommand, chat: ChatContext): Role {
  return typeof command.permission === 'function' ? command.permission(chat) : command.permission;
}

/**
 * Runs commands for every surface the same way: find, check permission, rate-limit,
 * parse options, run, and turn any failure into a reply. Adapters only translate.
 */
export function createCommandRunner(deps: { commands: readonly AnyCommand[]; commandDeps: CommandDeps; rateLimiter: RateLimiter; logger: Logger }): CommandRunner {
  const byName = new Map(deps.commands.map((command) => [command.name, command]));
  const log = deps.logger;

  async function run(request: CommandRequest): Promise<Reply> {
    const name = request.name.toLowerCase();
    const command = byName.get(name);
    const context = { platform: request.chat.platform, chatId: request.chat.chatId, userId: request.caller.id, command: name };
    if (command === undefined) return errorReply(`There is no /${name.slice(0, 32)} command.`, 'Send /help to see the commands.');
    const needed = requiredRole(command, request.chat);
    if (rank[request.caller.role] < rank[needed]) {
      log.info({ ...context, needed, role: request.caller.role }, 'command refused');
      return errorReply(`Only ${roleNames[needed]} can use /${command.name} here.`, needed === 'moderator' && request.chat.kind === 'group' ? 'Ask a chat administrator to run it.' : undefined);
    }
    if (request.caller.role !== 'operator') {
      const bucket = command.rateLimit ?? 'default';
      const verdict = deps.rateLimiter.take(bucket, `${request.chat.platform}:${request.caller.id}`);
      if (!verdict.allowed) {
        return errorReply(`You are sending commands faster than the bot can answer. Try again in ${verdict.retryAfterSeconds} s.`);
      }
    }
    const started = performance.now();
    try {
      const now = deps.commandDeps.now();
      const options = request.options !== undefined ? parseStructuredArguments(command, request.options, now) : parseTextArguments(command, request.text ?? '', now);
      const reply = await command.run({ options, chat: request.chat, caller: request.caller }, deps.commandDeps);
      log.info({ ...context, ms: Math.round(performance.now() - started) }, 'command answered');
      return reply;
    } catch (error) {
      if (error instanceof UserError) {
        log.info({ ...context, code: error.code }, 'command declined');
        return errorReply(error.message);
      }
      const errorId = randomUUID().slice(0, 8);
      log.error({ ...context, errorId, err: error }, `command failed: ${errorMessage(error)}`);
      return errorReply(`Something went wrong while running /${command.name} (error id ${errorId}). Please try again in a minute.`);
    }
  }

  return { commands: deps.commands, find: (name) => byName.get(name.toLowerCase()), run };
}
