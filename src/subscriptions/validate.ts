import { UserError } from '../errors.ts';
import { allDays, defaultDigestTime, defaultMaxItems, type DeliveryPlatform, type Subscription } from '../domain/subscription.ts';
import { subscriptionId } from './subscription-store.ts';

/** What a person (CLI) or a migration file gives to create a subscription. */
export interface SubscriptionInput {
  platform: unknown;
  chat: unknown;
  thread?: unknown;
  time?: unknown;
  timezone?: unknown;
  /** Keywords, as a list or comma-separated. */
  topics?: unknown;
}

const zoneAliases: Readonly<Record<string, string>> = { utc: 'UTC', gmt: 'UTC', z: 'UTC', 'europe/kiev': 'Europe/Kyiv' };

/** `HH:MM`, 24-hour (also accepts `8:00`), normalised to two digits. */
export function parseTime(value: string): string {
  const match = value.trim().match(/^([01]?\d|2[0-3]):([0-5]\d)$/);
  if (!match) throw new UserError('bad_time', `time "${value.slice(0, 20)}" must be HH:MM, 24-hour (e.g. 08:00 or 18:30)`);
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone the runtime knows (checked with Intl), in its usual spelling. */
export function parseTimeZone(value: string): string {
  const wanted = value.trim();
  const alias = zoneAliases[wanted.toLowerCase()];
  if (alias) return alias;
  if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(wanted)) {
    try {
      const resolved = new Intl.DateTimeFormat('en', { timeZone: wanted }).resolvedOptions().timeZone;
      const known = Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === wanted.toLowerCase());
      if (known) return known;
      // Newer names (Europe/Kyiv) are valid but the runtime resolves them to older ones; keep the name asked for.
      const titled = wanted.toLowerCase().replace(/(^|[/_-])([a-z])/g, (_match, separator: string, letter: string) => separator + letter.toUpperCase());
      return isValidZone(titled) ? titled : resolved;
    } catch {
      // Falls through to the error below.
    }
  }
  throw new UserError('bad_timezone', `"${wanted.slice(0, 40)}" is not a time zone; use an IANA name like Europe/Kyiv, America/New_York or UTC`);
}

/**
 * Topic keywords: plain words, matched case-insensitively — never regular expressions, so
 * no subscriber's pattern can hang the bot. At most 10, each up to 40 characters.
 */
export function parseTopics(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (raw === undefined || raw.some((topic) => typeof topic !== 'string')) throw new UserError('bad_topics', 'topics must be a list of words or a comma-separated string');
  const list = (raw as string[]).map((topic) => topic.trim().replace(/\s+/g, ' ').toLowerCase()).filter((topic) => topic.length > 0);
  if (list.length > 10) throw new UserError('bad_topics', 'at most 10 topics');
  for (const topic of list) {
    if (topic.length > 40) throw new UserError('bad_topics', `the topic "${topic.slice(0, 40)}…" is longer than 40 characters`);
    if (!/^[\p{L}\p{N}][\p{L}\p{N} '’.&-]*$/u.test(topic)) throw new UserError('bad_topics', `the topic "${topic.slice(0, 40)}" may contain only letters, digits, spaces and ' . & - (keywords, not patterns)`);
  }
  return [...new Set(list)];
}

function parsePlatform(value: unknown): DeliveryPlatform {
  if (value === 'telegram' || value === 'discord') return value;
  throw new UserError('bad_platform', `platform must be telegram or discord (got ${JSON.stringify(value)?.slice(0, 30) ?? 'nothing'})`);
}

function parseId(value: unknown, what: string, platform: DeliveryPlatform): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const valid = text !== undefined && (platform === 'telegram' ? /^(-?\d{1,20}|@[A-Za-z]\w{3,31})$/.test(text) : /^\d{5,25}$/.test(text));
  if (!valid) {
    const shape = platform === 'telegram' ? 'a numeric Telegram id like -1001234567890 (or @channelname)' : 'a numeric Discord id (snowflake) like 123456789012345678';
    throw new UserError('bad_chat', `${what} must be ${shape} (got ${JSON.stringify(value)?.slice(0, 30) ?? 'nothing'})`);
  }
  return text!;
}

/** A Telegram forum topic id (small) or a Discord thread id (snowflake): digits either way. */
function parseThread(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,25}$/.test(text)) throw new UserError('bad_thread', `thread must be a numeric topic or thread id (got ${JSON.stringify(value)?.slice(0, 30) ?? 'nothing'})`);
  return text;
}

/**
 * Checks a subscription request and builds the subscription, with defaults for what is
 * missing. Throws `UserError` naming the first bad field.
 *
 * @example
 * validateSubscription({ platform: 'telegram', chat: '-1001', time: '07:30', timezone: 'Europe/Kyiv' }, { defaultTimezone: 'UTC', now: new Date() })
 */
export function validateSubscription(input: SubscriptionInput, options: { defaultTimezone: string; now: Date; createdBy?: string | undefined; existing?: Subscription | undefined }): Subscription {
  const platform = parsePlatform(input.platform);
  const chatId = parseId(input.chat, 'chat', platform);
  const threadId = input.thread === undefined || input.thread === null || input.thread === '' ? undefined : parseThread(input.thread);
  const str = (value: unknown, field: string) => {
    if (typeof value !== 'string') throw new UserError(`bad_${field}`, `${field} must be a string`);
    return value;
  };
  const absent = (value: unknown) => value === undefined || value === null;
  const time = absent(input.time) ? undefined : parseTime(str(input.time, 'time'));
  const timezone = absent(input.timezone) ? undefined : parseTimeZone(str(input.timezone, 'timezone'));
  const topics = absent(input.topics) ? undefined : parseTopics(input.topics);
  return buildSubscription({ platform, chatId, threadId, time, timezone, topics }, options);
}

/** Already-checked settings for one chat's subscription; what is left out comes from `existing` or the defaults. */
export interface SubscriptionFields {
  platform: DeliveryPlatform;
  chatId: string;
  threadId?: string | undefined;
  chatTitle?: string | undefined;
  chatKind?: Subscription['chatKind'];
  time?: string | undefined;
  timezone?: string | undefined;
  topics?: string[] | undefined;
}

/**
 * The subscription for `fields`, active, keeping what `existing` (the chat's earlier
 * subscription) had for everything not given: one place for the defaults, used by the CLI,
 * imports and `/subscribe`.
 */
export function buildSubscription(fields: SubscriptionFields, options: { defaultTimezone: string; now: Date; createdBy?: string | undefined; existing?: Subscription | undefined }): Subscription {
  const existing = options.existing;
  const now = options.now.toISOString();
  return {
    id: subscriptionId(fields.platform, fields.chatId, fields.threadId),
    platform: fields.platform,
    chatId: fields.chatId,
    threadId: fields.threadId,
    chatTitle: fields.chatTitle ?? existing?.chatTitle,
    chatKind: fields.chatKind ?? existing?.chatKind,
    time: fields.time ?? existing?.time ?? defaultDigestTime,
    timezone: fields.timezone ?? existing?.timezone ?? options.defaultTimezone,
    days: existing?.days ?? [...allDays],
    topics: fields.topics ?? existing?.topics ?? [],
    maxItems: existing?.maxItems ?? defaultMaxItems,
    breaking: existing?.breaking ?? true,
    state: 'active',
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    createdBy: existing?.createdBy ?? options.createdBy,
    lastDigestAt: existing?.lastDigestAt,
  };
}
