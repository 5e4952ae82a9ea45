import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importSubscriptionsJsonl } from '../../src/subscriptions/import.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { parseTime, parseTimeZone, parseTopics, validateSubscription } from '../../src/subscriptions/validate.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';

const now = new Date('2026-11-25T10:00:00Z');

describe('subscription validation', () => {
  it('accepts HH:MM and normalises it; refuses anything else', () => {
    expect(parseTime('8:05')).toBe('08:05');
    expect(parseTime('23:59')).toBe('23:59');
    for (const bad of ['24:00', '8', '08:60', '8am', '08:00:00', '']) expect(() => parseTime(bad)).toThrow(/HH:MM/);
  });

  it('checks time zones with Intl and spells them canonically', () => {
    expect(parseTimeZone('europe/kyiv')).toBe('Europe/Kyiv');
    expect(parseTimeZone('America/New_York')).toBe('America/New_York');
    expect(parseTimeZone('utc')).toBe('UTC');
    for (const bad of ['Mars/Base', 'Europe/Kyiv; rm -rf', '+03:00x', '']) expect(() => parseTimeZone(bad)).toThrow(/not a time zone/);
  });

  it('takes topics as plain keywords, never patterns', () => {
    expect(parseTopics('Energy, markets ,energy')).toEqual(['energy', 'markets']);
    expect(parseTopics(['AT&T', "Côte d'Ivoire"])).toEqual(['at&t', "côte d'ivoire"]);
    for (const bad of ['(a+)+$', 'x.*', '[abc]', 'a|b']) expect(() => parseTopics(bad)).toThrow(/keywords, not patterns/);
    expect(() => parseTopics(Array.from({ length: 11 }, (_, i) => `t${i}`))).toThrow(/at most 10/);
  });

  it('builds a subscription with defaults and checks chat ids per platform', () => {
    const subscription = validateSubscription({ platform: 'telegram', chat: -1001234, thread: 7 }, { defaultTimezone: 'Europe/Kyiv', now });
    expect(subscription).toMatchObject({ platform: 'telegram', chatId: '-1001234', threadId: '7', time: '08:00', timezone: 'Europe/Kyiv', topics: [], state: 'active', days: [1, 2, 3, 4, 5, 6, 7], createdAt: now.toISOString() });
    expect(() => validateSubscription({ platform: 'discord', chat: '12' }, { defaultTimezone: 'UTC', now })).toThrow(/Discord id/);
    expect(() => validateSubscription({ platform: 'slack', chat: '1' }, { defaultTimezone: 'UTC', now })).toThrow(/telegram or discord/);
  });
});

describe('JSONL import', () => {
  it('imports thousands of lines, reports each bad line with its number, and continues', async () => {
    const backend = await openKeyvBackend({ memory: true });
    const store = createSubscriptionStore({ backend });
    const lines: string[] = [];
    for (let i = 0; i < 3000; i += 1) lines.push(JSON.stringify({ platform: i % 3 === 0 ? 'discord' : 'telegram', chat: i % 3 === 0 ? String(100000 + i) : String(-1000 - i), time: '07:30', timezone: 'Europe/Kyiv', topics: i % 2 ? ['energy'] : undefined }));
    lines.splice(10, 0, '{not json');
    lines.splice(20, 0, JSON.stringify({ platform: 'telegram', chat: '-5', time: '25:00' }));
    lines.splice(30, 0, JSON.stringify({ platform: 'telegram', chat: '-6', topics: ['(a+)+$'] }));
    lines.splice(40, 0, JSON.stringify({ platform: 'telegram', chat: '-7', timezone: 'Mars/Base' }));
    lines.splice(50, 0, JSON.stringify({ platform: 'telegram', chat: '-8', regex: '.*' }));
    lines.push(JSON.stringify({ platform: 'telegram', chat: '-1001', time: '09:00' }));
    const reports = [];
    for await (const report of importSubscriptionsJsonl(Readable.from([lines.join('\n')]), { store, defaultTimezone: 'UTC', now: () => now })) reports.push(report);
    const errors = reports.filter((report) => report.status === 'error');
    expect(errors.map((report) => report.line)).toEqual([11, 21, 31, 41, 51]);
    expect(errors.map((report) => (report as { error: string }).error)).toEqual([
      'not valid JSON',
      expect.stringMatching(/HH:MM/),
      expect.stringMatching(/keywords, not patterns/),
      expect.stringMatching(/not a time zone/),
      'unknown field "regex"',
    ]);
    expect(reports.filter((report) => report.status === 'added')).toHaveLength(3000);
    expect(reports.at(-1)).toMatchObject({ status: 'updated', chatId: '-1001' });
    const all = await store.list();
    expect(all).toHaveLength(3000);
    expect(all.find((subscription) => subscription.chatId === '-1001')).toMatchObject({ time: '09:00', timezone: 'Europe/Kyiv' });
    await backend.close();
  });
});
