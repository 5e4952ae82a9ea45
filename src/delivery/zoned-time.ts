/** A wall-clock date and time in some time zone, as people read it there. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const weekdays: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at `instant` (ms since epoch). */
export function localDateTime(instant: number, zone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of formatFor(zone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdays[parts.weekday ?? ''] ?? 0,
  };
}

/** The wall clock as if it were UTC, in ms: comparable across instants of one zone. */
function wallMs(instant: number, zone: string): number {
  const local = localDateTime(instant, zone);
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
}

/** The local calendar date `days` after (or before) the given one. */
export function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number; weekday: number } {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), weekday: ((shifted.getUTCDay() + 6) % 7) + 1 };
}

const cache = new Map<string, number>();

/**
 * The first instant at which the wall clock in `zone` reads at least `hour:minute` on the
 * given local date. A time that occurs twice (the repeated hour when clocks go back) gives
 * its first occurrence; a time that does not exist (skipped when clocks go forward) gives
 * the next valid minute, the moment the clocks jump. So every local date has exactly one slot.
 *
 * @example
 * slotInstant({ year: 2026, month: 3, day: 8 }, 2, 30, 'America/New_York') // 2026-03-08T07:00Z = 03:00 EDT
 */
export function slotInstant(date: { year: number; month: number; day: number }, hour: number, minute: number, zone: string): number {
  const cacheKey = `${zone} ${date.year}-${date.month}-${date.day} ${hour}:${minute}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const target = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets in force a day either side cover every zone's transitions (at most one per day).
  const offsets = new Set([wallMs(target - 86_400_000, zone) - (target - 86_400_000), wallMs(target + 86_400_000, zone) - (target + 86_400_000), wallMs(target, zone) - target]);
  const exact = [...offsets].map((offset) => target - offset).filter((instant) => wallMs(instant, zone) === target);
  let result: number;
  if (exact.length > 0) {
    result = Math.min(...exact);
  } else {
    // In a gap: the wall clock rises monotonically across it, so search for the first minute past it.
    let low = target - Math.max(...offsets);
    let high = target - Math.min(...offsets);
    if (low > high) [low, high] = [high, low];
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (wallMs(middle, zone) >= target) high = middle;
      else low = middle;
    }
    result = wallMs(low, zone) >= target ? low : high;
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(cacheKey, result);
  return result;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
