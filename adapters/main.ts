import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { loadConfig, secretValues, type Config } from '../src/config/index.ts';
import { ConfigError, errorMessage } from '../src/errors.ts';
import { loadSampleArticles, sampleUrls } from '../src/ingest/samples.ts';
import { createContinuationStore } from '../src/store/continuations.ts';
import { createLogger, redactSecrets } from '../src/log.ts';
import { openApp, type App } from './app.ts';
import { composeCommands } from './compose.ts';
import { runConsole } from './console/console.ts';
import { createDeliveryWiring } from './delivery-wiring.ts';
import { startDelivery } from '../src/delivery/index.ts';
import { startTelegram } from './telegram/bot.ts';
import { createDiscordRest, discordShardFromEnv, startDiscord, startDiscordShards } from './discord/index.ts';

export interface StartIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean | undefined };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `console`: the local console only; `bots`: chat platforms and delivery, no console; `auto`: bots when a token is set, else the console. */
export type StartMode = 'auto' | 'console' | 'bots';

export const sampleArticlesUrl = new URL('../samples/articles.jsonl', import.meta.url);

function hasPlatform(config: Config): boolean {
  return config.TELEGRAM_BOT_TOKEN !== undefined || config.DISCORD_TOKEN !== undefined;
}

/**
 * A newcomer's first run has an empty store: load the fictional sample articles so `/brief`
 * shows something real. `auto` does it for the console only (a bot serving real chats must not
 * brief fictional news); `always` for the bots too (trying a bot against a fake API); never when
 * feed sources exist. Returns how many were stored.
 */
async function maybeLoadSamples(app: App, consoleMode: boolean): Promise<number> {
  const wanted = app.config.SAMPLE_ARTICLES === 'always' || (app.config.SAMPLE_ARTICLES === 'auto' && consoleMode);
  if (!wanted || app.articles.size > 0) return 0;
  if (app.sources && (await app.sources.list()).length > 0) return 0;
  return loadSampleArticles(app.articles, sampleArticlesUrl, app.now());
}

/**
 * Starts newsbrief: the store, the engine, then the surfaces the configuration asks for.
 * Resolves with an exit code once everything has stopped (end of console input, a signal, `stop`).
 */
export async function startNewsbrief(io: StartIo, options: { mode?: StartMode; signal?: AbortSignal } = {}): Promise<number> {
  let config: Config;
  try {
    config = loadConfig({ env: io.env, envFile: '.env' });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) io.stderr.write(`Configuration error: ${problem}\n`);
      return 2;
    }
    throw error;
  }
  try {
    return await run(config, io, options);
  } catch (error) {
    // Start-up failures (a refused token, an unreachable store) end in one readable line, no stack.
    io.stderr.write(`newsbrief stopped: ${redactSecrets(errorMessage(error), secretValues(config))}\n`);
    return 1;
  }
}

async function run(config: Config, io: StartIo, options: { mode?: StartMode; signal?: AbortSignal }): Promise<number> {
  const mode = options.mode ?? 'auto';
  const consoleMode = mode === 'console' || (mode === 'auto' && !hasPlatform(config));
  // The console prints to stdout; logs go to stderr and stay quiet unless asked for.
  const logger = createLogger({ level: config.LOG_LEVEL ?? (consoleMode ? 'warn' : 'info'), secrets: secretValues(config), destination: io.stderr });

  const app = await openApp(config, logger);
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.warn({ err: error }, `shutdown step failed: ${errorMessage(error)}`);
      }
    }
    await app.close();
  };

  try {
    const samples = await maybeLoadSamples(app, consoleMode);
    const samplesNote = `the store was empty: loaded ${samples} fictional sample articles (SAMPLE_ARTICLES=never turns this off)`;
    // The console's person gets a plain sentence on stderr (stdout stays the replies, for pipes); a bot's operator gets a log line.
    if (samples > 0 && consoleMode) io.stderr.write(`newsbrief: ${samplesNote}.\n`);
    else if (samples > 0) logger.warn({ stored: samples }, samplesNote);
    else if (!consoleMode && app.config.SAMPLE_ARTICLES !== 'always') {
      // A console run on the same data folder left the samples in: say so before chats see them.
      const left = (await sampleUrls(sampleArticlesUrl)).filter((url) => app.articles.findByUrl(url) !== undefined).length;
      if (left > 0) logger.warn({ samples: left }, `the store holds ${left} fictional sample articles from a console run; chats will see them. Use a fresh DATA_DIR (or STORE_URL) for real news.`);
    }
    const refresh = setInterval(() => void app.articles.refresh().catch((error: unknown) => logger.warn({ err: error }, 'article refresh failed')), 15_000);
    refresh.unref();
    stops.push(() => clearInterval(refresh));

    if (consoleMode) {
      const { runner } = composeCommands(app);
      const interactive = io.stdin.isTTY === true;
      await runConsole({
        runner,
        input: io.stdin,
        output: io.stdout,
        interactive,
        greeting: `newsbrief — ${app.articles.size} articles stored. Try /brief, /ask who met in Kyiv?, /search storm, /help. /quit leaves.`,
      });
      return 0;
    }

    // A discord.js shard child runs this same file: it only answers interactions; the parent
    // process owns the scheduler, delivery, polling and Telegram.
    const shard = discordShardFromEnv(io.env);
    if (shard) {
      const { runner } = composeCommands(app);
      const discord = await startDiscord({ config, runner, subscriptions: app.subscriptions, logger, now: app.now, articles: app.articles, shard, sourceLists: createContinuationStore({ backend: app.backend }) });
      stops.push(() => discord.stop());
    } else {
      void app.localBriefings.warm().catch((error: unknown) => logger.warn({ err: error }, 'warming the briefing engine failed'));
      await app.search.ready();
      const wiring = await createDeliveryWiring(app);
      const delivery = await startDelivery({
        backend: app.backend,
        subscriptions: app.subscriptions,
        notifiers: wiring.notifiers,
        briefings: app.briefings,
        moderators: wiring.moderators,
        config,
        logger,
        now: app.now,
      });
      // Stopped before the store closes: in-flight sends finish, pending records wait for the next start.
      stops.push(() => delivery.stop());
      if (wiring.close) stops.push(() => wiring.close?.());
      const { runner } = composeCommands(app, { breaking: delivery.breaking });

      app.startSourcePolling?.();
      if (config.TELEGRAM_BOT_TOKEN) {
        const telegram = await startTelegram({ config, runner, subscriptions: app.subscriptions, logger, now: app.now });
        stops.push(() => telegram.stop());
      }
      if (config.DISCORD_TOKEN && config.SHARDS) {
        const shards = await startDiscordShards({ config, rest: createDiscordRest(config), logger, file: fileURLToPath(import.meta.url) });
        stops.push(() => shards.stop());
      } else if (config.DISCORD_TOKEN) {
        const discord = await startDiscord({ config, runner, subscriptions: app.subscriptions, logger, now: app.now, articles: app.articles, sourceLists: createContinuationStore({ backend: app.backend }) });
        stops.push(() => discord.stop());
      }
    }
    const stopped = new AbortController();
    const onSignal = () => stopped.abort();
    // Handlers first, then the "running" line: a supervisor that stops the bot as soon as it
    // reads that line must not meet SIGTERM's default action (instant death, no clean stop).
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    options.signal?.addEventListener('abort', onSignal, { once: true });
    logger.info({ telegram: Boolean(config.TELEGRAM_BOT_TOKEN), discord: Boolean(config.DISCORD_TOKEN), articles: app.articles.size }, 'newsbrief is running');
    await once(stopped.signal, 'abort');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    logger.info('shutting down');
    return 0;
  } finally {
    await stopAll();
  }
}

if (import.meta.main) {
  process.exitCode = await startNewsbrief({ env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
