import type { ChatKind, ChatRef } from '../src/domain/chat.ts';
import type { CommandDeps } from './deps.ts';
import type { Reply } from './reply.ts';

/** Who may run a command: everyone, a chat's moderators, or the bot's operators. */
export type Role = 'member' | 'moderator' | 'operator';

/** The chat a command was sent in. */
export interface ChatContext extends ChatRef {
  kind: ChatKind;
  title?: string | undefined;
}

/** Who sent a command, with the role the adapter resolved for them in this chat. */
export interface Caller {
  id: string;
  name?: string | undefined;
  role: Role;
}

/** How an option's text becomes a value. `matches` lets positional text find it (e.g. "24h" is a window). */
export interface OptionType<Value> {
  /** Shown in help: "text", "number", "time window (24h, 7d)". */
  label: string;
  /** Whether a bare word in positional text is this option's value. */
  matches?(token: string): boolean;
  /** Throws `UserError` with what is wrong; `example` is the option's example. */
  parse(raw: string, context: { now: Date }): Value;
  /** How platforms with typed options (Discord) should declare it. */
  kind: 'string' | 'integer' | 'boolean';
  min?: number | undefined;
  max?: number | undefined;
  choices?: readonly string[] | undefined;
}

export interface OptionDefinition {
  name: string;
  description: string;
  type: OptionType<unknown>;
  required?: boolean | undefined;
  /** Takes the rest of the line (a question, a query). At most one per command. */
  rest?: boolean | undefined;
  /** Suggest values as the user types, where the platform can. */
  autocomplete?: 'topics' | 'sources' | undefined;
  /** Set by buttons, never typed or registered (e.g. a page token). */
  hidden?: boolean | undefined;
  example: string;
}

export interface CommandInput<Options> {
  options: Options;
  chat: ChatContext;
  caller: Caller;
}

/**
 * One command, defined once for every platform: its options, who may run it, and a
 * handler that returns a neutral `Reply` (never platform markup).
 *
 * @example
 * export const help = { name: 'help', description: 'Commands and examples', options: [], permission: 'member',
 *   examples: ['/help'], run: async () => message('…') } satisfies CommandDefinition;
 */
export interface CommandDefinition<Options = Record<string, unknown>> {
  /** `^[a-z0-9_]{1,32}$`, so it is valid on Telegram and Discord. */
  name: string;
  /** At most 100 characters. */
  description: string;
  options: readonly OptionDefinition[];
  /** The role needed, possibly depending on the chat (e.g. moderators in groups, anyone in private). */
  permission: Role | ((chat: ChatContext) => Role);
  /** Usage examples for help and error messages. */
  examples: readonly string[];
  /** May take more than a second or two (LLM, large digests): platforms should acknowledge first. */
  slow?: boolean | undefined;
  /** Replies only the caller should see, where the platform can do that (personal settings, errors). */
  private?: boolean | undefined;
  /** Rate-limit bucket; commands sharing a bucket share the budget. */
  rateLimit?: 'ask' | 'default' | undefined;
  run(input: CommandInput<Options>, deps: CommandDeps): Promise<Reply>;
}

/** A command definition with its option types erased, for lists and dispatch. */
export type AnyCommand = CommandDefinition<any>;
