import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { openApp } from '../../adapters/app.ts';
import type { DeliveryWiringFactory } from '../../adapters/delivery-wiring.ts';
import { temporaryDir } from '../helpers/backends.ts';
import { fakeBriefings, fakeNotifier, type FakeNotifier } from './fake-notifier.ts';

const dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function workspace() {
  const tmp = temporaryDir();
  dirs.push(tmp);
  const telegram = fakeNotifier('telegram');
  const discord = fakeNotifier('discord');
  const briefings = fakeBriefings(3);
  const run = async (argv: string[], options: { stdin?: string; notifiers?: FakeNotifier[] } = {}) => {
    const deliveryWiring: DeliveryWiringFactory = async () => ({ notifiers: options.notifiers ?? [telegram, discord] });
    const result = await runCliCaptured(argv, { DATA_DIR: tmp.dir, SAMPLE_ARTICLES: 'never', LOG_LEVEL: 'silent' }, {
      input: options.stdin,
      io: { deliveryWiring, openApp: async (config, logger) => ({ ...(await openApp(config, logger)), briefings }) },
    });
    return { code: result.code, stdout: result.out, stderr: result.err };
  };
  return { run, telegram, discord, briefings };
}

describe('CLI: subscriptions and digest run', () => {
  it('imports JSONL, reporting bad lines by number and keeping the good ones', async () => {
    const { run } = workspace();
    const lines = [
      JSON.stringify({ platform: 'telegram', chat: '-1001', time: '07:30', timezone: 'Europe/Kyiv', topics: ['energy'] }),
      '{"platform": "telegram", "chat": ',
      JSON.stringify({ platform: 'discord', chat: '123456789012345678', thread: '223456789012345678' }),
      JSON.stringify({ platform: 'telegram', chat: '-1002', time: '7.30pm' }),
      JSON.stringify({ platform: 'telegram', chat: '42', timezone: 'America/New_York' }),
    ];
    const result = await run(['subscriptions', 'import', '--jsonl'], { stdin: `${lines.join('\n')}\n` });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 2: error: not valid JSON');
    expect(result.stdout).toMatch(/line 4: error: time "7\.30pm" must be HH:MM/);
    expect(result.stdout).toContain('3 added, 0 updated, 2 errors');
    const listed = JSON.parse((await run(['subscriptions', 'list', '--json'])).stdout) as Array<{ chatId: string; time: string; timezone: string; topics: string[]; threadId?: string }>;
    expect(listed.map((subscription) => subscription.chatId).sort()).toEqual(['-1001', '123456789012345678', '42']);
    expect(listed.find((subscription) => subscription.chatId === '-1001')).toMatchObject({ time: '07:30', timezone: 'Europe/Kyiv', topics: ['energy'] });
    expect(listed.find((subscription) => subscription.chatId === '123456789012345678')).toMatchObject({ threadId: '223456789012345678', time: '08:00', timezone: 'UTC' });
  });

  it('adds, lists and removes subscriptions, refusing bad input with a usage error', async () => {
    const { run } = workspace();
    const added = await run(['subscriptions', 'add', '--platform', 'telegram', '--chat', '-100200', '--time', '06:45', '--tz', 'europe/kyiv', '--topics', 'energy, markets']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added: (\w+) +telegram -100200 +06:45 Europe\/Kyiv +active +energy, markets/);
    const id = added.stdout.split(/\s+/)[1]!;
    const bad = await run(['subscriptions', 'add', '--platform', 'telegram', '--chat', '-1', '--tz', 'Mars/Base']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a time zone/);
    expect((await run(['subscriptions', 'list'])).stdout).toMatch(/-100200[\s\S]*1 subscription\n/);
    expect((await run(['subscriptions', 'remove', id])).code).toBe(0);
    expect((await run(['subscriptions', 'list'])).stdout).toMatch(/No subscriptions yet/);
    expect((await run(['subscriptions', 'remove', id])).code).toBe(1);
  });

  it('`digest run --now` delivers every active digest once, prints a summary and exits; a second plain run sends nothing', async () => {
    const { run, telegram, discord, briefings } = workspace();
    await run(['subscriptions', 'add', '--platform', 'telegram', '--chat', '-1001']);
    await run(['subscriptions', 'add', '--platform', 'telegram', '--chat', '77', '--topics', 'energy']);
    await run(['subscriptions', 'add', '--platform', 'discord', '--chat', '123456789012345678']);
    const result = await run(['digest', 'run', '--now']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Digests: 3 queued \(6 messages, 2 briefings built\), 0 skipped/);
    expect(result.stdout).toMatch(/Delivered: 6 sent, 0 failed/);
    expect(briefings.requests).toHaveLength(2);
    const delivered = [...telegram.sent, ...discord.sent].map((message) => `${message.chat.platform}:${message.chat.chatId}:${message.text}`);
    expect(delivered).toHaveLength(6);
    expect(new Set(delivered).size).toBe(6);
    expect((await run(['outbox', 'status'])).stdout).toMatch(/Outbox: 0 pending, 6 sent, 0 failed/);
    const again = await run(['digest', 'run']);
    expect(again.stdout).toMatch(/Digests: 0 queued/);
    expect(telegram.sent.length + discord.sent.length).toBe(6);
  });

  it('`digest run` explains what to configure when no platform is', async () => {
    const { run } = workspace();
    const result = await run(['digest', 'run', '--now'], { notifiers: [] });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TELEGRAM_BOT_TOKEN/);
  });
});
