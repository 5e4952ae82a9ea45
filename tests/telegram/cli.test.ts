import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startFakeTelegram, telegramErrors, type FakeTelegram } from '../fakes/telegram-bot-api.ts';
import { testToken } from './harness.ts';

let fake: FakeTelegram | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  fake = undefined;
  dataDir = undefined;
});

async function cli(argv: string[], env: Record<string, string>) {
  dataDir ??= mkdtempSync(join(tmpdir(), 'newsbrief-telegram-'));
  return runCliCaptured(argv, { DATA_DIR: dataDir, SAMPLE_ARTICLES: 'never', ...env });
}

describe('telegram CLI', () => {
  it('checks the token and reports how updates arrive', async () => {
    fake = await startFakeTelegram({ token: testToken });
    const env = { TELEGRAM_BOT_TOKEN: testToken, TELEGRAM_API_ROOT: fake.url };
    const ok = await cli(['telegram', 'check'], env);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Bot @newsbrief_bot (id 7000001)');
    expect(ok.out).toContain('privacy mode on');
    expect(ok.out).toContain('Updates: long polling');

    const wrong = await cli(['telegram', 'check'], { ...env, TELEGRAM_BOT_TOKEN: '999999:some-other-token-abcdefghijkl' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('Telegram refused TELEGRAM_BOT_TOKEN');
    expect(wrong.err).not.toContain('some-other-token');
  });

  it('sends a test message the way delivery does, and explains a refusal', async () => {
    fake = await startFakeTelegram({ token: testToken });
    const env = { TELEGRAM_BOT_TOKEN: testToken, TELEGRAM_API_ROOT: fake.url };
    const sent = await cli(['telegram', 'send-test', '-1001234', '--thread', '9'], env);
    expect(sent.err).toBe('');
    expect(sent.out).toContain('Sent a test message to -1001234 (topic 9)');
    expect(fake.messages[0]).toMatchObject({ chatId: '-1001234', threadId: 9 });

    fake.fail({ method: 'sendMessage', error: telegramErrors.migrated(-100999) });
    const moved = await cli(['telegram', 'send-test', '-1234'], env);
    expect(moved.code).toBe(1);
    expect(moved.err).toContain('use -100999');

    fake.fail({ method: 'sendMessage', error: { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" } });
    const blocked = await cli(['telegram', 'send-test', '4242'], env);
    expect(blocked.err).toContain('press Start');
    expect(fake.callsTo('sendMessage')).toHaveLength(3);
  });
});
