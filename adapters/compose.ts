import { commands } from '../commands/index.ts';
import { createCommandRunner, type CommandRunner } from '../commands/dispatch.ts';
import type { BreakingPort, CommandDeps } from '../commands/deps.ts';
import { createRateLimiter, type BucketPolicy } from '../commands/rate-limit.ts';
import { createContinuationStore } from '../src/store/continuations.ts';
import type { App } from './app.ts';

/**
 * Per-person command budgets. `/ask` is the expensive one (retrieval, maybe an LLM call);
 * everything else only guards against floods.
 */
export const commandRatePolicies: Readonly<Record<string, BucketPolicy>> = {
  ask: { capacity: 5, perMinute: 6 },
  default: { capacity: 20, perMinute: 30 },
};

/** The command set wired to the app's engine: what every surface (console, Telegram, Discord) runs. */
export function composeCommands(app: App, options: { breaking?: BreakingPort | undefined } = {}): { runner: CommandRunner; deps: CommandDeps } {
  const deps: CommandDeps = {
    articles: app.articles,
    briefings: app.briefings,
    search: app.search,
    answers: app.answers,
    subscriptions: app.subscriptions,
    continuations: createContinuationStore({ backend: app.backend }),
    sources: app.sources,
    breaking: options.breaking,
    defaultTimezone: app.config.DEFAULT_TIMEZONE,
    now: app.now,
    logger: app.logger,
  };
  const runner = createCommandRunner({
    commands,
    commandDeps: deps,
    rateLimiter: createRateLimiter({ policies: commandRatePolicies, now: () => app.now().getTime() }),
    logger: app.logger,
  });
  return { runner, deps };
}
