import { Client, Events, GatewayCloseCodes, GatewayIntentBits, type Channel } from 'discord.js';
import type { CommandRunner } from '../../commands/dispatch.ts';
import type { Config } from '../../src/config/index.ts';
import type { Notifier } from '../../src/delivery/notifier.ts';
import type { Logger } from '../../src/log.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import type { SubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { createInteractionHandler, type InteractionHandlerOptions } from './interactions.ts';
import { createDiscordNotifier } from './notifier.ts';
import { createRoleResolver } from './permissions.ts';
import { createDiscordRest, defaultApiBase } from './rest.ts';
import { createSuggestions, type Suggestions } from './suggestions.ts';

export type DiscordConfig = Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_BASE' | 'DISCORD_OPERATOR_IDS' | 'DISCORD_MODERATOR_ROLES'>;

export interface StartDiscordOptions {
  config: DiscordConfig;
  runner: CommandRunner;
  subscriptions: SubscriptionStore;
  logger: Logger;
  now: () => Date;
  /** Outlets for `source` autocomplete and headline words for topics. */
  articles?: ArticleStore | undefined;
  /** Replaces the default suggestions built from `articles` and `subscriptions`. */
  suggestions?: Suggestions | undefined;
  /** In a shard process: the shard ids and total count (see `discordShardFromEnv`). */
  shard?: { ids: number[]; count: number } | undefined;
  /** Skip the gateway login (tests drive interactions through `client.actions`). */
  login?: boolean | undefined;
  deferAfterMs?: InteractionHandlerOptions['deferAfterMs'];
  onSettled?: InteractionHandlerOptions['onSettled'];
  /** Where "Sources" button lists live (default: this process's memory). */
  sourceLists?: InteractionHandlerOptions['sourceLists'];
}

export interface DiscordBot {
  client: Client;
  /** Delivery over REST, for the scheduler and breaking updates. */
  notifier: Notifier;
  stop(): Promise<void>;
}

/**
 * Starts the Discord bot: a discord.js client with only the Guilds intent (slash commands
 * need no message content), answering interactions through the shared command runner.
 * Deleted channels and threads deactivate their subscriptions, keeping their settings.
 *
 * @example
 * const bot = await startDiscord({ config, runner, subscriptions, logger, now: () => new Date() });
 * process.once('SIGTERM', () => void bot.stop());
 */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordBot> {
  const { config, logger } = options;
  const log = logger.child({ platform: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: config.DISCORD_API_BASE ?? defaultApiBase },
    // Explicit shards keep discord.js from reading SHARDS (our own `auto|N` key) from the environment.
    shards: options.shard?.ids ?? [0],
    shardCount: options.shard?.count ?? 1,
  });
  if (config.DISCORD_TOKEN) client.rest.setToken(config.DISCORD_TOKEN);
  const handle = createInteractionHandler({
    runner: options.runner,
    logger: log,
    roles: createRoleResolver({ operatorIds: config.DISCORD_OPERATOR_IDS, moderatorRoles: config.DISCORD_MODERATOR_ROLES, rest: client.rest, logger: log }),
    suggestions: options.suggestions ?? createSuggestions({ articles: options.articles, subscriptions: options.subscriptions, now: options.now }),
    deferAfterMs: options.deferAfterMs,
    onSettled: options.onSettled,
    sourceLists: options.sourceLists,
  });
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));

  const deactivate = async (channel: Channel, reason: string) => {
    const affected = await options.subscriptions.list({ platform: 'discord' });
    for (const subscription of affected.filter((candidate) => candidate.chatId === channel.id || candidate.threadId === channel.id)) {
      await options.subscriptions.update(subscription.id, (current) => ({ ...current, state: 'deactivated', stateReason: reason, updatedAt: options.now().toISOString() }));
      log.info({ chatId: subscription.chatId, threadId: subscription.threadId, subscription: subscription.id }, `subscription deactivated: ${reason}`);
    }
  };
  const onDeleted = (channel: Channel, reason: string) => {
    deactivate(channel, reason).catch((error: unknown) => log.error({ chatId: channel.id, err: error }, 'could not deactivate subscriptions'));
  };
  client.on(Events.ChannelDelete, (channel) => onDeleted(channel, 'the channel was deleted'));
  client.on(Events.ThreadDelete, (thread) => onDeleted(thread, 'the thread was deleted'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.once(Events.ClientReady, (ready) => log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, shards: options.shard?.ids }, 'discord bot ready'));

  const notifier = createDiscordNotifier({ rest: createDiscordRest(config), logger: log });
  if (options.login !== false) await login(client, config.DISCORD_TOKEN);
  return {
    client,
    notifier,
    stop: async () => {
      await client.destroy();
    },
  };
}

/**
 * Logs in, turning a refused token into an error that names DISCORD_TOKEN and says how to fix
 * it: discord.js reports a 401 from GET /gateway/bot as "An invalid token was provided." and
 * the gateway's close 4004 as a bare "Authentication failed", which tells an operator little.
 */
async function login(client: Client, token: string | undefined): Promise<void> {
  let closeCode: number | undefined;
  // discord.js emits this before the login fails; the error itself carries no close code.
  const onDisconnect = (event: { code: number }) => void (closeCode = event.code);
  client.once(Events.ShardDisconnect, onDisconnect);
  try {
    await client.login(token);
  } catch (error) {
    const refused = closeCode === GatewayCloseCodes.AuthenticationFailed ? 'the gateway closed with 4004 Authentication failed' : (error as { code?: unknown }).code === 'TokenInvalid' ? 'the REST API answered 401 Unauthorized' : undefined;
    if (refused === undefined) throw error;
    throw new Error(`Discord refused DISCORD_TOKEN (${refused}): copy the token again from the developer portal (Bot → Reset Token).`, { cause: error });
  } finally {
    client.off(Events.ShardDisconnect, onDisconnect);
  }
}
