import type { Subscription } from '../domain/subscription.ts';
import { addDays, localDateTime, slotInstant } from './zoned-time.ts';

type Schedule = Pick<Subscription, 'time' | 'timezone' | 'days'>;

function parseTime(time: string): [number, number] {
  const [hour, minute] = time.split(':').map(Number);
  return [hour ?? 0, minute ?? 0];
}

/** Slots (instants) of the given local dates, newest first, for the weekdays the schedule runs on. */
function slotsBackFrom(schedule: Schedule, instant: number, count: number): number[] {
  const [hour, minute] = parseTime(schedule.time);
  const today = localDateTime(instant, schedule.timezone);
  const out: number[] = [];
  // Tomorrow's slot can precede `instant` only in zones far from UTC and never by more than a day.
  for (let back = -1; back <= 8 && out.length < count + 1; back += 1) {
    const date = addDays(today, -back);
    if (!schedule.days.includes(date.weekday)) continue;
    out.push(slotInstant(date, hour, minute, schedule.timezone));
  }
  return out.sort((a, b) => b - a);
}

/** The latest scheduled digest instant at or before `now`, if the schedule has any in the last week. */
export function latestSlot(schedule: Schedule, now: number): number | undefined {
  return slotsBackFrom(schedule, now, 2).find((slot) => slot <= now);
}

/** The scheduled instant before `slot`: where a first digest's window starts. */
export function previousSlot(schedule: Schedule, slot: number): number | undefined {
  return slotsBackFrom(schedule, slot - 60_000, 2).find((candidate) => candidate < slot);
}

/** Subscriptions sharing a schedule share its slot: one computation per schedule per tick. */
function memoised(memo: Map<string, number | undefined> | undefined, key: string, compute: () => number | undefined): number | undefined {
  if (memo === undefined) return compute();
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key);
}

export type SlotDecision =
  | { action: 'none' }
  | { action: 'send'; slot: number }
  | { action: 'skip'; slot: number; lateMinutes: number };

/**
 * Whether a subscription's digest is due at `now`. Each local date has one slot
 * (see `slotInstant`), and `handledSlot` — the last slot sent or skipped — makes it fire
 * once. A slot older than the grace window (downtime) is skipped, never sent late.
 */
export function decideSlot(input: { subscription: Schedule & Pick<Subscription, 'createdAt'>; now: number; handledSlot: number | undefined; graceMs: number; memo?: Map<string, number | undefined> | undefined }): SlotDecision {
  const slot = memoised(input.memo, `${input.subscription.time}|${input.subscription.timezone}|${input.subscription.days.join(',')}`, () => latestSlot(input.subscription, input.now));
  if (slot === undefined) return { action: 'none' };
  if (input.handledSlot !== undefined && input.handledSlot >= slot) return { action: 'none' };
  // A subscription created after today's slot starts with the next one: no backlog.
  if (input.handledSlot === undefined && slot < Date.parse(input.subscription.createdAt)) return { action: 'none' };
  const late = input.now - slot;
  if (late > input.graceMs) return { action: 'skip', slot, lateMinutes: Math.round(late / 60_000) };
  return { action: 'send', slot };
}

/**
 * The time window a digest covers: since the last digest (or, for a first digest, the
 * previous slot), never further back than `maxLookbackMs`.
 */
export function digestWindow(subscription: Schedule & Pick<Subscription, 'lastDigestAt'>, until: number, maxLookbackMs: number): { since: number; until: number } {
  const last = subscription.lastDigestAt === undefined ? undefined : Date.parse(subscription.lastDigestAt);
  const start = last !== undefined && !Number.isNaN(last) && last < until ? last : (previousSlot(subscription, until) ?? until - 86_400_000);
  return { since: Math.max(start, until - maxLookbackMs), until };
}
