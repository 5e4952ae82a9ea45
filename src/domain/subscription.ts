import type { ChatKind } from './chat.ts';

export type SubscriptionState = 'active' | 'paused' | 'deactivated';
export type DeliveryPlatform = 'telegram' | 'discord';

/** A chat's daily digest settings. Deactivation keeps every setting, so it can be resumed. */
export interface Subscription {
  id: string;
  platform: DeliveryPlatform;
  chatId: string;
  /** Telegram forum topic or Discord thread, when the digest goes there. */
  threadId?: string | undefined;
  chatTitle?: string | undefined;
  chatKind?: ChatKind | undefined;
  /** Local delivery time, `HH:MM`. */
  time: string;
  /** IANA time zone of `time`. */
  timezone: string;
  /** ISO weekdays the digest is sent on: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Keywords a story must mention; empty means all news. */
  topics: string[];
  maxItems: number;
  /** Whether moderators' breaking updates are delivered here too. */
  breaking: boolean;
  state: SubscriptionState;
  /** Why it is paused or deactivated ("bot was blocked by the user"). */
  stateReason?: string | undefined;
  createdAt: string;
  updatedAt: string;
  createdBy?: string | undefined;
  /** End of the window the last delivered digest covered (ISO). */
  lastDigestAt?: string | undefined;
}

export const defaultDigestTime = '08:00';
export const defaultMaxItems = 5;
export const allDays: readonly number[] = [1, 2, 3, 4, 5, 6, 7];
