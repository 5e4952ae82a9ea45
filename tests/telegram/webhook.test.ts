import { afterEach, describe, expect, it } from 'vitest';
import { startTelegram } from '../../adapters/telegram/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { makeCommandDeps } from '../fakes/command-deps.ts';
import { commandUpdate, startFakeTelegram } from '../fakes/telegram-bot-api.ts';
import { startHarness, testToken, type Harness } from './harness.ts';

const secret = 'webhook-secret-0123456789';
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function post(port: number, path: string, body: unknown, token?: string) {
  return fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-telegram-bot-api-secret-token': token } : {}) },
    body: JSON.stringify(body),
  });
}

describe('telegram webhook mode', () => {
  it('registers the webhook with its secret, refuses requests without it, and answers those with it', async () => {
    harness = await startHarness({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/hook', TELEGRAM_WEBHOOK_SECRET: secret });
    const webhook = harness.telegram.webhook!;
    expect(webhook.path).toBe('/telegram/hook');
    expect(harness.fake.callsTo('setWebhook')[0]!.body).toMatchObject({ url: 'https://bot.example.com/telegram/hook', secret_token: secret });
    expect(harness.fake.callsTo('getUpdates')).toHaveLength(0);

    const wrong = await post(webhook.port, webhook.path, { update_id: 1, ...commandUpdate({ text: '/help' }) }, 'not-the-secret-at-all');
    expect(wrong.status).toBe(401);
    const missing = await post(webhook.port, webhook.path, { update_id: 2, ...commandUpdate({ text: '/help' }) });
    expect(missing.status).toBe(401);
    const elsewhere = await post(webhook.port, '/other', { update_id: 3, ...commandUpdate({ text: '/help' }) }, secret);
    expect(elsewhere.status).toBe(404);
    expect(harness.fake.callsTo('sendMessage')).toHaveLength(0);

    const right = await post(webhook.port, webhook.path, { update_id: 4, ...commandUpdate({ text: '/help', userId: 4242 }) }, secret);
    expect(right.status).toBe(200);
    await harness.fake.waitFor('sendMessage', 1);
    expect(harness.fake.messages).toMatchObject([{ chatId: '4242' }]);
    expect(harness.fake.messages[0]!.text).toContain('/subscribe');
  });

  it('says what to fix when Telegram refuses the token', async () => {
    const fake = await startFakeTelegram({ token: testToken });
    const { deps } = await makeCommandDeps();
    const start = (token: string, apiRoot: string) =>
      startTelegram({
        config: { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_URL: undefined, TELEGRAM_WEBHOOK_SECRET: undefined, TELEGRAM_WEBHOOK_PORT: 0, TELEGRAM_OPERATOR_IDS: [], TELEGRAM_MODERATOR_IDS: [] },
        runner: { commands: [], find: () => undefined, run: async () => ({}) },
        subscriptions: deps.subscriptions,
        logger: silentLogger(),
      });
    await expect(start('999999:some-other-token-abcdefghijkl', fake.url)).rejects.toThrow(/refused TELEGRAM_BOT_TOKEN.*@BotFather/);
    await fake.close();
  });
});
