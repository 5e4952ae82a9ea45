import { Command, CommanderError } from 'commander';
import { randomUUID } from 'node:crypto';
import { loadConfig, secretValues } from '../../src/config/index.ts';
import { ConfigError, UserError, errorMessage } from '../../src/errors.ts';
import { createLogger, redactSecrets } from '../../src/log.ts';
import { openApp, type App } from '../app.ts';
import type { Config } from '../../src/config/index.ts';
import type { Logger } from '../../src/log.ts';
import type { DeliveryWiringFactory } from '../delivery-wiring.ts';
import { registerArticles } from './articles.ts';
import { registerBrief } from './brief.ts';
import { registerAsk } from './ask.ts';
import { registerDelivery } from './delivery.ts';
import { registerSubscriptions } from './subscriptions.ts';
import { line, type CliContext } from './context.ts';
import { registerDiscord } from './discord.ts';
import { registerIngest } from './ingest.ts';
import { registerSources } from './sources.ts';
import { registerSummarize } from './summarize.ts';
import { registerUsage } from './usage.ts';
import { registerTelegram } from './telegram.ts';
import { registerRun } from './run.ts';

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Notifiers for `digest run` (tests pass fakes); default from the platform configuration. */
  deliveryWiring?: DeliveryWiringFactory | undefined;
  /** Opens the app (tests inject one with a fake briefing engine); default from the configuration. */
  openApp?: ((config: Config, logger: Logger) => Promise<App>) | undefined;
}

/**
 * Runs one CLI invocation and resolves to its exit code: 0 success, 1 some items or the
 * command failed (a clear message was printed), 2 bad usage or configuration.
 */
export async function runCli(io: CliIo): Promise<number> {
  let exitCode = 0;
  let app: App | undefined;
  const secrets: string[] = [];
  const context: CliContext = {
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    deliveryWiring: io.deliveryWiring,
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
    app: async () => {
      if (app) return app;
      const config = loadConfig({ env: io.env, envFile: '.env' });
      secrets.push(...secretValues(config));
      const logger = createLogger({ level: config.LOG_LEVEL ?? 'warn', secrets });
      app = await (io.openApp ?? openApp)(config, logger);
      return app;
    },
  };

  const program = new Command('newsbrief')
    .description('News briefings with citations, from the command line')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)');
  registerIngest(program, context, io.env);
  registerArticles(program, context);
  registerSources(program, context);
  registerSummarize(program, context);
  registerBrief(program, context);
  registerDiscord(program, context);
  registerUsage(program, context);
  registerTelegram(program, context);
  registerAsk(program, context);
  registerSubscriptions(program, context);
  registerDelivery(program, context);
  registerRun(program, context, io.env);

  try {
    await program.parseAsync(io.argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof ConfigError) {
      for (const problem of error.problems) line(io.stderr, `Configuration error: ${problem}`);
      exitCode = 2;
    } else if (error instanceof UserError) {
      line(io.stderr, `Error: ${redactSecrets(error.message, secrets)}`);
      exitCode = Math.max(exitCode, error.code === 'usage' ? 2 : 1);
    } else {
      const id = randomUUID().slice(0, 8);
      line(io.stderr, `Unexpected error (id ${id}): ${redactSecrets(errorMessage(error), secrets)}. Please report it with the id.`);
      app?.logger.error({ err: error, errorId: id }, 'cli command failed');
      exitCode = 1;
    }
  } finally {
    await app?.close();
  }
  return exitCode;
}

if (import.meta.main) {
  process.exitCode = await runCli({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
}
