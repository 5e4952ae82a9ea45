import type { BreakingUpdate } from '../domain/breaking.ts';
import type { Briefing } from '../domain/briefing.ts';
import type { ChatRef } from '../domain/chat.ts';

/** What delivery sends: a daily digest or a breaking update. */
export type DeliveryContent =
  | { kind: 'digest'; briefing: Briefing }
  | { kind: 'breaking'; update: BreakingUpdate };

/**
 * One platform message, ready to send: a JSON-serialisable payload in the platform's own
 * shape (Telegram `sendMessage` parameters, a Discord message body). The outbox stores it
 * before sending, so a restart sends exactly what was rendered.
 */
export interface RenderedPart {
  payload: Record<string, unknown>;
}

/**
 * A chat platform as delivery sees it. Each adapter implements it; delivery never imports
 * a platform library. `send` reports failures only through the error classes below.
 */
export interface Notifier {
  readonly platform: ChatRef['platform'];
  /** Renders content into message parts within the platform's limits (splitting as needed). */
  render(content: DeliveryContent, chat: ChatRef): RenderedPart[];
  /** Sends one part; resolves with the platform's message id. */
  send(chat: ChatRef, part: RenderedPart): Promise<{ messageId?: string | undefined }>;
}

/** The platform said "too many requests": wait `retryAfterMs`, then send the same part again. */
export class RateLimitedError extends Error {
  readonly retryAfterMs: number;
  readonly global: boolean;
  constructor(retryAfterMs: number, options: { global?: boolean; cause?: unknown } = {}) {
    super(`rate limited: retry after ${retryAfterMs} ms`, { cause: options.cause });
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
    this.global = options.global ?? false;
  }
}

/**
 * The chat cannot receive messages (blocked, kicked, deleted, missing permissions):
 * stop sending there and deactivate its subscription with `reason`, keeping its settings.
 */
export class ChatUnreachableError extends Error {
  readonly reason: string;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`chat unreachable: ${reason}`, { cause: options.cause });
    this.name = 'ChatUnreachableError';
    this.reason = reason;
  }
}

/** The chat moved (a Telegram group became a supergroup): resend to `newChatId` and move its subscription. */
export class ChatMigratedError extends Error {
  readonly newChatId: string;
  constructor(newChatId: string, options: { cause?: unknown } = {}) {
    super(`chat migrated to ${newChatId}`, { cause: options.cause });
    this.name = 'ChatMigratedError';
    this.newChatId = newChatId;
  }
}

/** A failure worth retrying with backoff: 5xx, network errors, timeouts. */
export class TransientDeliveryError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransientDeliveryError';
  }
}

/** The platform refused this message itself (e.g. a 400 for a malformed part): do not retry it. */
export class RejectedMessageError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RejectedMessageError';
  }
}
