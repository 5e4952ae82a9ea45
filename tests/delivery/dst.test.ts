import { describe, expect, it } from 'vitest';
import { decideSlot, latestSlot } from '../../src/delivery/schedule.ts';
import { localDateTime, slotInstant } from '../../src/delivery/zoned-time.ts';

const transitions = [
  { zone: 'Europe/Kyiv', forward: '2026-03-29', back: '2026-10-25', gapTime: '03:30', repeatedTime: '03:30' },
  { zone: 'America/New_York', forward: '2026-03-08', back: '2026-11-01', gapTime: '02:30', repeatedTime: '01:30' },
  { zone: 'Australia/Sydney', forward: '2026-10-04', back: '2026-04-05', gapTime: '02:30', repeatedTime: '02:30' },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** Ticks a minute at a time from two days before `day` to two days after, like the scheduler does. */
function fires(zone: string, time: string, day: string): Array<{ at: number; local: string }> {
  const subscription = { time, timezone: zone, days: [1, 2, 3, 4, 5, 6, 7], createdAt: '2026-01-01T00:00:00Z' };
  const start = Date.parse(`${day}T00:00:00Z`) - 2 * 86_400_000;
  const end = start + 5 * 86_400_000;
  // As if the slot before the run had been sent.
  let handled: number | undefined = latestSlot(subscription, start);
  const out: Array<{ at: number; local: string }> = [];
  for (let now = start; now < end; now += 60_000) {
    const decision = decideSlot({ subscription, now, handledSlot: handled, graceMs: 3_600_000 });
    expect(decision.action).not.toBe('skip');
    if (decision.action === 'send') {
      handled = decision.slot;
      const local = localDateTime(now, zone);
      out.push({ at: now, local: `${local.year}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)}` });
    }
  }
  return out;
}

describe('digest slots across the 2026 DST transitions', () => {
  for (const { zone, forward, back, gapTime, repeatedTime } of transitions) {
    describe(zone, () => {
      for (const day of [forward, back]) {
        it(`fires 08:00 exactly once a day around ${day}, at 08:00 local`, () => {
          const seen = fires(zone, '08:00', day);
          const dates = seen.map((fire) => fire.local.slice(0, 10));
          expect(new Set(dates).size).toBe(dates.length);
          expect(seen.length).toBeGreaterThanOrEqual(4);
          expect(seen.every((fire) => fire.local.endsWith('08:00'))).toBe(true);
          expect(dates).toContain(day);
        });
      }

      it(`fires a nonexistent ${gapTime} on ${forward} once, at the next valid minute`, () => {
        const seen = fires(zone, gapTime, forward);
        const onDay = seen.filter((fire) => fire.local.startsWith(forward));
        expect(onDay).toHaveLength(1);
        const [hour, minute] = gapTime.split(':').map(Number) as [number, number];
        // Clocks jump by an hour at the top of an hour: the first valid minute after the gap is HH+1:00.
        expect(onDay[0]!.local.slice(11)).toBe(`${pad(hour + 1)}:00`);
        expect(onDay[0]!.local.slice(11) > gapTime).toBe(true);
        // Other days run at the set time, once each.
        const others = seen.filter((fire) => !fire.local.startsWith(forward));
        expect(others.every((fire) => fire.local.endsWith(gapTime))).toBe(true);
        expect(new Set(seen.map((fire) => fire.local.slice(0, 10))).size).toBe(seen.length);
      });

      it(`fires a repeated ${repeatedTime} on ${back} once, at its first occurrence`, () => {
        const seen = fires(zone, repeatedTime, back);
        const onDay = seen.filter((fire) => fire.local.startsWith(back));
        expect(onDay).toHaveLength(1);
        expect(onDay[0]!.local.endsWith(repeatedTime)).toBe(true);
        // The first occurrence is an hour before the second one in UTC.
        const [y, m, d] = back.split('-').map(Number) as [number, number, number];
        const [hour, minute] = repeatedTime.split(':').map(Number) as [number, number];
        const first = slotInstant({ year: y, month: m, day: d }, hour, minute, zone);
        expect(onDay[0]!.at).toBe(first);
        expect(localDateTime(first + 3_600_000, zone)).toMatchObject({ hour, minute });
        expect(new Set(seen.map((fire) => fire.local.slice(0, 10))).size).toBe(seen.length);
      });
    });
  }

  it('sends only on the chosen weekdays', () => {
    const subscription = { time: '08:00', timezone: 'Europe/Kyiv', days: [1, 2, 3, 4, 5], createdAt: '2026-01-01T00:00:00Z' };
    let handled: number | undefined;
    const weekdays: number[] = [];
    for (let now = Date.parse('2026-11-23T00:00:00Z'); now < Date.parse('2026-11-30T12:00:00Z'); now += 60_000) {
      const decision = decideSlot({ subscription, now, handledSlot: handled, graceMs: 3_600_000 });
      if (decision.action === 'send') {
        handled = decision.slot;
        weekdays.push(localDateTime(now, 'Europe/Kyiv').weekday);
      }
    }
    expect(weekdays).toEqual([1, 2, 3, 4, 5, 1]);
  });
});
