import { startTelegram, type StartTelegramOptions, type TelegramConfig, type TelegramHandle } from '../../adapters/telegram/bot.ts';
import { commands } from '../../commands/index.ts';
import { createCommandRunner } from '../../commands/dispatch.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { silentLogger } from '../../src/log.ts';
import { makeCommandDeps, type FakeEngine } from '../fakes/command-deps.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.ts';

export const testToken = '123456:telegram-e2e-token-abcdefghij';

export interface Harness {
  fake: FakeTelegram;
  telegram: TelegramHandle;
  deps: CommandDeps;
  engine: FakeEngine;
  close(): Promise<void>;
}

/** The real grammY bot, long polling (or webhook) against the fake Bot API, over real commands. */
export async function startHarness(config: Partial<TelegramConfig> = {}, extra: Partial<StartTelegramOptions> = {}): Promise<Harness> {
  const fake = await startFakeTelegram({ token: testToken });
  const { deps, engine } = await makeCommandDeps();
  const runner = createCommandRunner({
    commands,
    commandDeps: deps,
    rateLimiter: createRateLimiter({ policies: { ask: { capacity: 20, perMinute: 20 }, default: { capacity: 100, perMinute: 100 } }, now: () => Date.now() }),
    logger: silentLogger(),
  });
  const telegram = await startTelegram({
    config: {
      TELEGRAM_BOT_TOKEN: testToken,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_URL: undefined,
      TELEGRAM_WEBHOOK_SECRET: undefined,
      TELEGRAM_WEBHOOK_PORT: 0,
      TELEGRAM_OPERATOR_IDS: ['9000'],
      TELEGRAM_MODERATOR_IDS: ['9001'],
      ...config,
    },
    runner,
    subscriptions: deps.subscriptions,
    logger: silentLogger(),
    webhookHost: '127.0.0.1',
    ...extra,
  });
  return {
    fake,
    telegram,
    deps,
    engine,
    async close() {
      await telegram.stop();
      await fake.close();
    },
  };
}
