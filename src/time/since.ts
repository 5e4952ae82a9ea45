import { UserError } from '../errors.ts';

const units: Readonly<Record<string, number>> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a look-back like `30m`, `24h`, `7d`, `2w`, or an ISO date, into a time (ms since epoch).
 * Throws `UserError` with an example when it is neither.
 *
 * @example
 * parseSince('24h', new Date('2026-11-25T12:00:00Z')) // Date.parse('2026-11-24T12:00:00Z')
 */
export function parseSince(text: string, now: Date): number {
  const trimmed = text.trim().toLowerCase();
  const relative = trimmed.match(/^(\d{1,4})\s*(m|min|h|d|w)$/);
  if (relative) return now.getTime() - Number(relative[1]) * units[relative[2]!]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const time = Date.parse(text.trim());
    if (!Number.isNaN(time)) return time;
  }
  throw new UserError('bad_since', `"${text.slice(0, 40)}" is not a time window: use 30m, 24h, 7d, 2w or a date like 2026-11-20.`);
}
