import type { ChatRef } from '../domain/chat.ts';

/** How fast one platform may be sent to. */
export interface PlatformLimits {
  /** Messages per second over all chats. */
  perSecond: number;
  /** Minimum gap between two messages to one private chat (ms). */
  chatIntervalMs: number;
  /** Minimum gap between two messages to one group or channel (ms). */
  groupIntervalMs: number;
  /** Sends in flight at once (each chat still gets one at a time). */
  concurrency: number;
}

/**
 * Telegram: about 30 messages/s per bot, 1/s per chat, 20/minute per group (3 s apart).
 * Discord: 50 requests/s global, one at a time per channel; its route buckets answer with
 * 429 `retry_after`, which the worker honours.
 */
export function defaultLimits(platform: ChatRef['platform'], telegramPerSecond: number): PlatformLimits {
  if (platform === 'telegram') return { perSecond: telegramPerSecond, chatIntervalMs: 1000, groupIntervalMs: 3000, concurrency: 8 };
  return { perSecond: 40, chatIntervalMs: 0, groupIntervalMs: 0, concurrency: 8 };
}

/** Telegram group, supergroup and channel ids are negative; private chats are positive. */
export function chatInterval(chat: ChatRef, limits: PlatformLimits): number {
  return chat.platform === 'telegram' && chat.chatId.startsWith('-') ? limits.groupIntervalMs : limits.chatIntervalMs;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Exponential backoff with ±25 % jitter, so retries from many chats do not line up. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const raw = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.75 + random() * 0.5));
}
