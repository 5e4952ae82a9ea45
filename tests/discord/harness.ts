import { commands } from '../../commands/index.ts';
import { createCommandRunner } from '../../commands/dispatch.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { AnyCommand } from '../../commands/types.ts';
import { startDiscord, type DiscordBot } from '../../adapters/discord/index.ts';
import type { SourceListStore } from '../../adapters/discord/interactions.ts';
import type { Suggestions } from '../../adapters/discord/suggestions.ts';
import { silentLogger } from '../../src/log.ts';
import { makeCommandDeps, type FakeEngine } from '../fakes/command-deps.ts';
import { startFakeDiscordApi, type FakeDiscordApi, type FakeDiscordOptions } from '../fakes/discord-api.ts';
import { guildCreate } from './payloads.ts';

// The raw payload builders live in payloads.ts (the process-level e2e test sends them through a fake gateway).
export * from './payloads.ts';

export const token = 'test-bot-token-not-a-real-one';

export interface Harness {
  fake: FakeDiscordApi;
  bot: DiscordBot;
  deps: CommandDeps;
  engine: FakeEngine;
  /** Feeds a raw INTERACTION_CREATE payload to the real client and waits until it is answered. */
  dispatch(raw: Record<string, any>): Promise<{ id: string; error?: unknown }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  extraCommands?: AnyCommand[];
  deps?: Partial<CommandDeps>;
  fake?: FakeDiscordOptions;
  suggestions?: Suggestions;
  operatorIds?: string[];
  moderatorRoles?: string[];
  deferAfterMs?: number;
  sourceLists?: SourceListStore;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscordApi(options.fake);
  const { deps, engine } = await makeCommandDeps(options.deps);
  const runner = createCommandRunner({
    commands: [...commands, ...(options.extraCommands ?? [])],
    commandDeps: deps,
    rateLimiter: createRateLimiter({ policies: { ask: { capacity: 100, perMinute: 100 }, default: { capacity: 100, perMinute: 100 } }, now: () => 0 }),
    logger: silentLogger(),
  });
  const settled = new Map<string, (event: { id: string; error?: unknown }) => void>();
  const bot = await startDiscord({
    config: { DISCORD_TOKEN: token, DISCORD_API_BASE: fake.url, DISCORD_OPERATOR_IDS: options.operatorIds ?? [], DISCORD_MODERATOR_ROLES: options.moderatorRoles ?? [] },
    runner,
    subscriptions: deps.subscriptions,
    logger: silentLogger(),
    now: deps.now,
    suggestions: options.suggestions,
    login: false,
    deferAfterMs: options.deferAfterMs,
    sourceLists: options.sourceLists,
    onSettled: (event) => settled.get(event.id)?.(event),
  });
  // As if the gateway had sent GUILD_CREATE for the test server (no login here).
  (bot.client.guilds as unknown as { _add(data: unknown): unknown })._add({ ...guildCreate(), shardId: 0 });
  return {
    fake,
    bot,
    deps,
    engine,
    dispatch(raw) {
      fake.expectInteraction({ id: raw.id, token: raw.token, application_id: raw.application_id, channel_id: raw.channel_id });
      const done = new Promise<{ id: string; error?: unknown }>((resolve) => settled.set(raw.id, resolve));
      // The real discord.js path: the gateway's INTERACTION_CREATE action builds the interaction and emits it.
      (bot.client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle(raw);
      return done;
    },
    async close() {
      await bot.stop();
      await fake.close();
    },
  };
}
