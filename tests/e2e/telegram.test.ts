import { describe, expect, it } from 'vitest';
import { commandUpdate } from '../fakes/telegram-bot-api.ts';
import { entry, runProcess, startProcess } from './process.ts';
import { useTelegramSandbox } from './telegram-sandbox.ts';

const token = '123456:AAe2eTelegramTokenValue0123';

describe('npm start with a Telegram token, against a fake Bot API on loopback', () => {
  const context = useTelegramSandbox(token);

  it('answers commands in a private chat, keeps a subscription across a restart, and stops cleanly on SIGTERM', async () => {
    const { sandbox, api } = context;
    // Trying the bot against a fake API: the fictional samples are wanted here (auto keeps them to the console).
    const env = sandbox.env({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.url, LOG_LEVEL: 'info', SAMPLE_ARTICLES: 'always' });
    const bot = startProcess(entry.start, [], { env, cwd: sandbox.dir });
    try {
      // The fake records a long poll when it returns, so wait for the bot's own log line instead.
      await bot.waitForOutput(/long polling started/, 60_000);
      const chatId = 4242;
      const commands = ['/brief', '/ask who met in Kyiv?', '/search storm', '/subscribe 07:30 Europe/Berlin', '/help'];
      for (const text of commands) api.injectUpdate(commandUpdate({ text, chatId, userId: chatId }));
      await api.waitFor('sendMessage', commands.length, 30_000);
      const toChat = api.messages.filter((message) => message.chatId === String(chatId));

      const brief = toChat.find((message) => /Kyiv/.test(message.text) && /Storm Ilse/.test(message.text))!;
      expect(brief, toChat.map((message) => message.text).join('\n---\n')).toBeDefined();
      // Citations are links to the stored articles.
      const links = brief.entities.filter((entity) => entity.type === 'text_link').map((entity) => entity.url);
      expect(links.some((url) => /^https:\/\/\w+\.example\//.test(url ?? ''))).toBe(true);

      expect(toChat.some((message) => /Kovalenko|Reyes/.test(message.text) && /northernledger\.example|harbortimes\.example|civicwire\.example/.test(message.raw))).toBe(true);
      expect(toChat.some((message) => /07:30/.test(message.text) && /Europe\/Berlin/.test(message.text))).toBe(true);
      expect(toChat.some((message) => /\/ask/.test(message.text) && /\/subscribe/.test(message.text))).toBe(true);
      // Nothing the bot sent would fail Telegram's own checks (the fake rejects bad HTML and >4096 characters).
      expect(api.calls.filter((call) => call.method === 'sendMessage').length).toBe(api.messages.filter((message) => message.method === 'sendMessage').length);
    } finally {
      const ended = await bot.stop('SIGTERM');
      expect(ended.code, ended.stderr).toBe(0);
    }

    const list = await runProcess(entry.cli, ['subscriptions', 'list', '--json'], { env: sandbox.env(), cwd: sandbox.dir });
    expect(list.code, list.stderr).toBe(0);
    const subscriptions = JSON.parse(list.stdout) as Array<{ platform: string; chatId: string; time: string; timezone: string }>;
    expect(subscriptions).toEqual([expect.objectContaining({ platform: 'telegram', chatId: '4242', time: '07:30', timezone: 'Europe/Berlin' })]);
  }, 120_000);

  it('never briefs fictional news to real chats by default, and warns when a console run left the samples in', async () => {
    const { sandbox, api } = context;
    const env = sandbox.env({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.url, LOG_LEVEL: 'info' });
    // (Clean shutdown is the first test's business; these processes are only stopped.)
    const empty = startProcess(entry.start, [], { env, cwd: sandbox.dir });
    try {
      await empty.waitForOutput(/"articles":0,"msg":"newsbrief is running"/, 60_000);
      expect(empty.stderr()).not.toMatch(/fictional sample articles/);
    } finally {
      await empty.stop('SIGTERM', 45_000);
    }
    // The console on the same data folder loads them; the bot started afterwards says so.
    await runProcess(entry.start, [], { env: sandbox.env(), cwd: sandbox.dir, input: '/help\n' });
    const after = startProcess(entry.start, [], { env, cwd: sandbox.dir });
    try {
      await after.waitForOutput(/"articles":26,"msg":"newsbrief is running"/, 60_000);
      expect(after.stderr()).toMatch(/the store holds 26 fictional sample articles from a console run/);
    } finally {
      await after.stop('SIGTERM', 45_000);
    }
  }, 200_000);

  it('a wrong token is reported as such at start-up, without printing the token', async () => {
    const { sandbox, api } = context;
    const env = sandbox.env({ TELEGRAM_BOT_TOKEN: '999:AAwrongTokenValue0123456789', TELEGRAM_API_ROOT: api.url });
    const result = await runProcess(entry.start, [], { env, cwd: sandbox.dir, timeoutMs: 60_000 });
    expect(result.code).toBe(1);
    // One readable line, not a stack trace.
    expect(result.stderr).toMatch(/^newsbrief stopped: Telegram refused TELEGRAM_BOT_TOKEN/m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).toMatch(/TELEGRAM_BOT_TOKEN/);
    expect(result.stdout + result.stderr).not.toContain('AAwrongTokenValue0123456789');
  }, 60_000);
});
