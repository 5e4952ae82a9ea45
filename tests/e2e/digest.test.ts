import { describe, expect, it } from 'vitest';
import { telegramErrors } from '../fakes/telegram-bot-api.ts';
import { entry, runProcess } from './process.ts';
import { useTelegramSandbox } from './telegram-sandbox.ts';

const token = '123456:AAe2eDigestTokenValue01234';

describe('scripted digests from the CLI: subscriptions add, then digest run against a fake Bot API', () => {
  const context = useTelegramSandbox(token);

  it('delivers each digest once (--now), skips a chat that blocked the bot without blocking the others, and a second run sends nothing again', async () => {
    const { sandbox, api } = context;
    const env = sandbox.env({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.url, SAMPLE_ARTICLES: 'never' });
    const cli = (args: string[], input?: string) => runProcess(entry.cli, args, { env, cwd: sandbox.dir, input, timeoutMs: 60_000 });

    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const articles = [
      { title: 'Harbor bridge reopens after repairs', text: 'The harbor bridge reopened to traffic on Monday after six weeks of repairs, the city said. About 40,000 vehicles cross it every day.', url: 'https://harbor.example/bridge', source: 'Harbor Post', publishedAt: hourAgo },
      { title: 'Council approves new bus routes', text: 'The city council approved three new bus routes on Monday. The routes start in March and connect the northern suburbs to the hospital.', url: 'https://council.example/buses', source: 'City Desk', publishedAt: hourAgo },
    ];
    const ingest = await cli(['ingest', '--jsonl'], articles.map((article) => JSON.stringify(article)).join('\n'));
    expect(ingest.code, ingest.stderr).toBe(0);

    // Scheduled an hour from now: `--now` sends it anyway, the plain run must not.
    const later = new Date(Date.now() + 3600_000);
    const time = `${String(later.getUTCHours()).padStart(2, '0')}:${String(later.getUTCMinutes()).padStart(2, '0')}`;
    for (const chat of ['555', '556', '557']) {
      const added = await cli(['subscriptions', 'add', '--platform', 'telegram', '--chat', chat, '--time', time, '--tz', 'UTC']);
      expect(added.code, added.stderr).toBe(0);
    }
    api.fail({ chatId: '556', error: telegramErrors.blocked(), times: 10 });

    const first = await cli(['digest', 'run', '--now']);
    expect(first.stdout, first.stderr).toMatch(/Digests: 3 queued/);
    const delivered = (chat: string) => api.messages.filter((message) => message.chatId === chat);
    for (const chat of ['555', '557']) {
      expect(delivered(chat).length).toBeGreaterThan(0);
      const text = delivered(chat).map((message) => message.raw).join('\n');
      expect(text).toMatch(/Harbor bridge reopens/);
      expect(text).toContain('https://harbor.example/bridge');
    }
    expect(delivered('556')).toHaveLength(0);
    // Subscriptions made from the CLI have no moderator to tell privately: nothing goes to a chat named "cli".
    expect(api.messages.every((message) => /^\d+$/.test(message.chatId))).toBe(true);
    expect(first.stdout).toMatch(/2 sent, 0 failed.*1 chats? deactivated/);
    const sentAfterFirst = api.messages.length;

    const second = await cli(['digest', 'run']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Digests: 0 queued/);
    expect(api.messages.length).toBe(sentAfterFirst);

    const status = await cli(['outbox', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const counts = (JSON.parse(status.stdout) as { counts: { pending: number; sent: number } }).counts;
    expect(counts.pending).toBe(0);
    expect(counts.sent).toBe(sentAfterFirst);

    // The blocked chat's subscription is no longer active, the others are.
    const list = JSON.parse((await cli(['subscriptions', 'list', '--json'])).stdout) as Array<{ chatId: string; state: string }>;
    const statusOf = (chat: string) => list.find((subscription) => subscription.chatId === chat)?.state;
    expect(statusOf('555')).toBe('active');
    expect(statusOf('557')).toBe('active');
    expect(statusOf('556')).not.toBe('active');
  }, 120_000);

  it('digest run with no platform configured says which variable to set', async () => {
    const { sandbox, api } = context;
    const result = await runProcess(entry.cli, ['digest', 'run'], { env: sandbox.env(), cwd: sandbox.dir, timeoutMs: 60_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/TELEGRAM_BOT_TOKEN/);
  }, 60_000);
});
