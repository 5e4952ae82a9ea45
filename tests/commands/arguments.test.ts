import { describe, expect, it } from 'vitest';
import { parseStructuredArguments, parseTextArguments, tokenize } from '../../commands/arguments.ts';
import { article } from '../../commands/article.ts';
import { ask } from '../../commands/ask.ts';
import { brief } from '../../commands/brief.ts';
import { search } from '../../commands/search.ts';
import { subscribe } from '../../commands/subscribe.ts';
import { subscription } from '../../commands/subscription.ts';
import { UserError } from '../../src/errors.ts';

const now = new Date('2026-11-25T12:00:00Z');
const hours = (n: number) => now.getTime() - n * 3600_000;

describe('parseTextArguments', () => {
  it('finds typed options anywhere and gives the rest to the free-text option', () => {
    expect(parseTextArguments(brief, 'ukraine peace 7d 3', now)).toEqual({ topic: 'ukraine peace', since: hours(168), limit: 3 });
    expect(parseTextArguments(brief, '24h', now)).toEqual({ since: hours(24) });
    expect(parseTextArguments(brief, '', now)).toEqual({});
    // A number out of range is not a limit: it stays part of the topic.
    expect(parseTextArguments(brief, 'covid 19', now)).toEqual({ topic: 'covid 19' });
  });

  it('accepts name:value pairs and quoted phrases', () => {
    expect(parseTextArguments(search, '"rail strike" since:7d source:"Harbor Ledger"', now)).toEqual({ query: '"rail strike"', since: hours(168), source: 'Harbor Ledger' });
    expect(parseTextArguments(search, 'ferry', now)).toEqual({ query: 'ferry' });
    expect(parseTextArguments(search, 'ferry strike 7d', now)).toEqual({ query: 'ferry strike', since: hours(168) });
    expect(tokenize('a “curly phrase” b')).toEqual(['a', 'curly phrase', 'b']);
  });

  it('never takes words out of a question', () => {
    expect(parseTextArguments(ask, 'what happened in the last 24h at 08:00?', now)).toEqual({ question: 'what happened in the last 24h at 08:00?' });
  });

  it('parses subscription times, zones and topics', () => {
    expect(parseTextArguments(subscribe, '7:30 europe/kyiv energy, markets', now)).toEqual({ time: '07:30', timezone: 'Europe/Kyiv', topics: ['energy', 'markets'] });
    expect(parseTextArguments(subscription, 'weekdays items:7 breaking:off', now)).toEqual({ days: [1, 2, 3, 4, 5], items: 7, breaking: 'off' });
  });

  it('explains a bad or missing option with an example', () => {
    expect(() => parseTextArguments(ask, '', now)).toThrow(/needs a question.*Example: \/ask/);
    expect(() => parseTextArguments(subscribe, 'timezone:Mars/Olympus', now)).toThrow(/not a time zone.*Example: \/subscribe/);
    expect(() => parseTextArguments(subscription, 'items:50', now)).toThrow(/whole number from 1 to 10/);
    expect(() => parseTextArguments(subscribe, 'topics:(a+)+$', now)).toThrow(UserError);
    expect(() => parseTextArguments(ask, 'x'.repeat(10_000), now)).toThrow(/10,000 characters long; the limit is 500/);
  });

  it('calls an impossible time a time, and shows an example that has the option in it', () => {
    // 25:00 looks like a time; blaming it as a topic would send people the wrong way.
    expect(() => parseTextArguments(subscribe, '25:00', now)).toThrow(/The time for \/subscribe is not valid: it must be a time of day like 08:00.*Example: \/subscribe 07:30 Europe\/Kyiv$/);
    expect(() => parseTextArguments(subscribe, '7h75 energy', now)).toThrow(/time of day/);
    expect(() => parseTextArguments(subscribe, 'timezone:Mars/Olympus', now)).toThrow(/Example: \/subscribe 07:30 Europe\/Kyiv$/);
  });

  it('names a missing option plainly', () => {
    expect(() => parseTextArguments(article, '', now)).toThrow(/^\/article needs an id: article id \(shown in search results\)\. Example: \/article \w+$/);
  });
});

describe('parseStructuredArguments', () => {
  it('validates platform-separated options the same way', () => {
    expect(parseStructuredArguments(brief, { topic: 'energy', limit: 4 }, now)).toEqual({ topic: 'energy', limit: 4 });
    expect(() => parseStructuredArguments(brief, { limit: 40 }, now)).toThrow(/from 1 to 10/);
    expect(() => parseStructuredArguments(brief, { colour: 'red' }, now)).toThrow(/no option "colour"/);
  });
});
