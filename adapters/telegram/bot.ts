import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError, webhookCallback, type Bot } from 'grammy';
import type { CommandRunner } from '../../commands/dispatch.ts';
import type { Notifier } from '../../src/delivery/notifier.ts';
import type { Logger } from '../../src/log.ts';
import { allowedUpdates, createTelegramBot, type StartTelegramOptions } from './handlers.ts';

export type { StartTelegramOptions, TelegramConfig } from './handlers.ts';
import { commandMenus } from './command-menu.ts';
import { createTelegramNotifierFromConfig } from './notifier.ts';

/** How long `stop()` lets updates in flight finish. */
const drainMs = 10_000;

export interface TelegramHandle {
  bot: Bot;
  /** Delivery through a separate Api without auto-retry: the outbox owns retries. */
  notifier: Notifier;
  /** The webhook server's address, in webhook mode. */
  webhook?: { port: number; path: string } | undefined;
  stop(): Promise<void>;
}

/**
 * Asks Telegram who the bot is. grammY retries network errors here until Telegram answers,
 * so an unreachable API is reported in the log while it waits; a bad token fails at once.
 */
async function initialise(bot: Bot, apiRoot: string, logger: Logger): Promise<void> {
  const waiting = setInterval(() => logger.warn({ platform: 'telegram', apiRoot }, 'still waiting for the Telegram Bot API: check TELEGRAM_API_ROOT and the network'), 10_000);
  try {
    await bot.init();
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new Error('Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather (/mybots → API Token).', { cause: error });
    }
    throw error;
  } finally {
    clearInterval(waiting);
  }
}

async function publishCommands(bot: Bot, runner: CommandRunner, logger: Logger): Promise<void> {
  const menus = commandMenus(runner.commands);
  try {
    await bot.api.setMyCommands(menus.everyone, { scope: { type: 'default' } });
    await bot.api.setMyCommands(menus.privateChats, { scope: { type: 'all_private_chats' } });
    await bot.api.setMyCommands(menus.administrators, { scope: { type: 'all_chat_administrators' } });
  } catch (error) {
    // A menu is a convenience: the commands work without it.
    logger.warn({ platform: 'telegram', err: error }, 'could not publish the command menu');
  }
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the Telegram bot: long polling with concurrent update handling by default, or a
 * webhook server when `TELEGRAM_WEBHOOK_URL` is set (Telegram's secret-token header is
 * checked on every request). Publishes the command menus on start.
 *
 * @example
 * const telegram = await startTelegram({ config, runner, subscriptions, logger });
 * process.on('SIGTERM', () => void telegram.stop());
 */
export async function startTelegram(options: StartTelegramOptions): Promise<TelegramHandle> {
  const { config, logger } = options;
  const bot = createTelegramBot(options);
  await initialise(bot, config.TELEGRAM_API_ROOT, logger);
  await publishCommands(bot, options.runner, logger);
  const notifier = createTelegramNotifierFromConfig(config, logger);
  const log = { platform: 'telegram', bot: bot.botInfo.username };

  if (config.TELEGRAM_WEBHOOK_URL !== undefined) {
    if (config.TELEGRAM_WEBHOOK_SECRET === undefined) throw new Error('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL');
    const path = new URL(config.TELEGRAM_WEBHOOK_URL).pathname;
    const handleUpdate = webhookCallback(bot, 'http', { secretToken: config.TELEGRAM_WEBHOOK_SECRET, onTimeout: 'return' });
    const server = createServer((request, response) => {
      if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://x').pathname !== path) {
        response.writeHead(404).end();
        return;
      }
      handleUpdate(request, response).catch((error: unknown) => {
        logger.error({ ...log, err: error }, 'webhook request failed');
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    const port = await listen(server, config.TELEGRAM_WEBHOOK_PORT, options.webhookHost);
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...allowedUpdates] });
    logger.info({ ...log, port, path }, 'telegram webhook listening');
    return {
      bot,
      notifier,
      webhook: { port, path },
      async stop() {
        // Finish updates in flight (Telegram would resend them otherwise), then drop stragglers.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), drainMs);
        await closed;
        clearTimeout(timer);
      },
    };
  }

  await bot.api.deleteWebhook();
  // The runner retries failed polls itself; report them in our structured log instead of on the console.
  bot.api.config.use(async (previous, method, payload, signal) => {
    try {
      const result = await previous(method, payload, signal);
      if (method === 'getUpdates' && !result.ok) logger.warn({ ...log, code: result.error_code, err: result.description }, 'polling for updates failed; retrying');
      return result;
    } catch (error) {
      if (method === 'getUpdates' && signal?.aborted !== true) logger.warn({ ...log, err: error }, 'polling for updates failed; retrying');
      throw error;
    }
  });
  const handle: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: [...allowedUpdates] }, silent: true } });
  // 401 (token revoked) and 409 (another instance polls with this token) end polling for good.
  handle.task()?.catch((error: unknown) => {
    logger.error({ ...log, err: error }, 'telegram polling stopped: is the token still valid, and is no other instance running with it?');
    options.onPollingStopped?.(error);
  });
  logger.info(log, 'telegram long polling started');
  return {
    bot,
    notifier,
    async stop() {
      if (handle.isRunning()) await handle.stop();
      const deadline = Date.now() + drainMs;
      while (handle.size() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}
