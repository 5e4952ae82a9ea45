import { UserError } from '../src/errors.ts';
import { singleLine } from '../src/text/normalize.ts';
import { parseSince } from '../src/time/since.ts';
import type { OptionType } from './types.ts';

/** Free text, one line, up to `maxLength` characters. */
export function text(options: { maxLength: number; label?: string }): OptionType<string> {
  return {
    label: options.label ?? 'text',
    kind: 'string',
    parse(raw) {
      const value = singleLine(raw);
      if (value.length === 0) throw new UserError('bad_option', 'it is empty');
      if (value.length > options.maxLength) throw new UserError('bad_option', `it is ${value.length.toLocaleString('en')} characters long; the limit is ${options.maxLength.toLocaleString('en')}`);
      return value;
    },
  };
}

/** A whole number in a range; positional text matches it only inside the range. */
export function integer(options: { min: number; max: number }): OptionType<number> {
  const valid = (token: string) => /^\d{1,6}$/.test(token) && Number(token) >= options.min && Number(token) <= options.max;
  return {
    label: `number ${options.min}–${options.max}`,
    kind: 'integer',
    min: options.min,
    max: options.max,
    matches: valid,
    parse(raw) {
      const value = raw.trim();
      if (!valid(value)) throw new UserError('bad_option', `it must be a whole number from ${options.min} to ${options.max}`);
      return Number(value);
    },
  };
}

/** A look-back window: 30m, 24h, 7d, 2w or a date; parsed to a time (ms since epoch). */
export const window: OptionType<number> = {
  label: 'time window (24h, 7d, 2026-11-20)',
  kind: 'string',
  matches: (token) => /^\d{1,4}(m|min|h|d|w)$/i.test(token),
  parse(raw, { now }) {
    try {
      return parseSince(raw, now);
    } catch {
      throw new UserError('bad_option', 'it must be a time window like 30m, 24h, 7d, 2w or a date like 2026-11-20');
    }
  },
};

/** A local time of day, `HH:MM` in 24-hour form. */
export const timeOfDay: OptionType<string> = {
  label: 'time (HH:MM)',
  kind: 'string',
  // Claims anything shaped like a time (25:00, 7h75) so a wrong one is reported as a bad
  // time rather than a bad topic; "3.50" stays a word, as dots are common outside times.
  matches: (token) => /^\d{1,2}[:h]\d{2}$/i.test(token) || /^([01]?\d|2[0-3])\.[0-5]\d$/.test(token),
  parse(raw) {
    const match = raw.trim().match(/^([01]?\d|2[0-3])[:.h]([0-5]\d)$/i);
    if (!match) throw new UserError('bad_option', 'it must be a time of day like 08:00 or 18:30 (24-hour)');
    return `${match[1]!.padStart(2, '0')}:${match[2]}`;
  },
};

const zoneAliases: Readonly<Record<string, string>> = { utc: 'UTC', gmt: 'UTC', z: 'UTC', 'europe/kiev': 'Europe/Kyiv' };

/** Whether a string names an IANA time zone this runtime knows. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone (Europe/Kyiv, America/New_York, UTC), case-insensitive. */
export const timeZone: OptionType<string> = {
  label: 'time zone (Europe/Kyiv)',
  kind: 'string',
  matches: (token) => /^[A-Za-z]+\/[A-Za-z_+-]+(\/[A-Za-z_+-]+)?$/.test(token) || token.toLowerCase() in zoneAliases,
  parse(raw) {
    const wanted = raw.trim();
    const alias = zoneAliases[wanted.toLowerCase()];
    if (alias) return alias;
    const known = Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === wanted.toLowerCase());
    if (known) return known;
    // Newer names (Europe/Kyiv) are valid but missing from the runtime's canonical list.
    const titled = wanted.toLowerCase().replace(/(^|[/_-])([a-z])/g, (_match, separator: string, letter: string) => separator + letter.toUpperCase());
    if (/^[A-Za-z]+\/[A-Za-z_+-]+(\/[A-Za-z_+-]+)?$/.test(titled) && isTimeZone(titled)) return titled;
    throw new UserError('bad_option', `"${wanted.slice(0, 40)}" is not a time zone; use an IANA name like Europe/Kyiv, America/New_York or UTC`);
  },
};

/**
 * Topic keywords, comma-separated: plain words matched case-insensitively against
 * titles and text (never regular expressions, so no pattern can hang the bot).
 */
export const topics: OptionType<string[]> = {
  label: 'topics (comma-separated words)',
  kind: 'string',
  parse(raw) {
    const list = raw
      .split(',')
      .map((topic) => singleLine(topic).toLowerCase())
      .filter((topic) => topic.length > 0);
    if (list.length === 0) throw new UserError('bad_option', 'it has no topic words');
    if (list.length > 10) throw new UserError('bad_option', 'at most 10 topics');
    for (const topic of list) {
      if (topic.length > 40) throw new UserError('bad_option', `the topic "${topic.slice(0, 40)}…" is longer than 40 characters`);
      if (!/^[\p{L}\p{N}][\p{L}\p{N} '’.&-]*$/u.test(topic)) throw new UserError('bad_option', `the topic "${topic}" may contain only letters, digits, spaces and ' . & -`);
    }
    return [...new Set(list)];
  },
};

/** One of a fixed set of words. */
export function choice<const Value extends string>(values: readonly Value[]): OptionType<Value> {
  return {
    label: values.join(' | '),
    kind: 'string',
    choices: values,
    matches: (token) => values.includes(token.toLowerCase() as Value),
    parse(raw) {
      const value = raw.trim().toLowerCase();
      if (!values.includes(value as Value)) throw new UserError('bad_option', `it must be one of: ${values.join(', ')}`);
      return value as Value;
    },
  };
}

/** An absolute http(s) URL. */
export const url: OptionType<string> = {
  label: 'URL',
  kind: 'string',
  matches: (token) => /^https?:\/\/\S+$/i.test(token),
  parse(raw) {
    const value = raw.trim();
    try {
      const parsed = new URL(value);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.toString();
    } catch {
      // Falls through to the error below.
    }
    throw new UserError('bad_option', 'it must be a web address starting with http:// or https://');
  },
};
