import { commands } from '../../commands/index.ts';
import { createCommandRunner } from '../../commands/dispatch.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { AnyCommand } from '../../commands/types.ts';
import { startDiscord, type DiscordBot } from '../../adapters/discord/index.ts';
import type { Suggestions } from '../../adapters/discord/suggestions.ts';
import { silentLogger } from '../../src/log.ts';
import { makeCommandDeps, type FakeEngine } from '../fakes/command-deps.ts';
import { makeSnowflake, startFakeDiscordApi, type FakeDiscordApi, type FakeDiscordOptions } from '../fakes/discord-api.ts';

export const applicationId = '700000000000000001';
export const guildId = '700000000000000002';
export const channelId = '700000000000000003';
export const token = 'test-bot-token-not-a-real-one';
export const threadParentId = '720000000000000000';
export const threadId = '720000000000000001';

/** Member permission bits as Discord sends them. */
export const permissions = { none: '0', manageMessages: (1n << 13n).toString(), manageGuild: (1n << 5n).toString() };

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
    onSettled: (event) => settled.get(event.id)?.(event),
  });
  // What the gateway's GUILD_CREATE gives a bot with the Guilds intent: the server, its channels and active threads.
  (bot.client.guilds as unknown as { _add(data: unknown): unknown })._add({
    id: guildId,
    name: 'Test server',
    shardId: 0,
    roles: [],
    members: [],
    emojis: [],
    stickers: [],
    channels: [
      { id: channelId, type: 0, name: 'news', guild_id: guildId },
      { id: threadParentId, type: 0, name: 'digests', guild_id: guildId },
    ],
    threads: [{ id: threadId, type: 11, name: 'digest-thread', parent_id: threadParentId, guild_id: guildId, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: '2026-11-01T00:00:00.000Z', locked: false } }],
  });
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

export interface InteractionFixture {
  user?: { id: string; username?: string };
  /** Member permissions bitset (guild interactions). */
  permissions?: string;
  roles?: string[];
  /** No guild: a direct message with the bot. */
  dm?: boolean;
  channel?: { id: string; type: number; parent_id?: string; name?: string };
  createdAt?: number;
}

function base(fixture: InteractionFixture) {
  const id = makeSnowflake(fixture.createdAt);
  const user = { id: fixture.user?.id ?? '800000000000000001', username: fixture.user?.username ?? 'reader', discriminator: '0', global_name: null, avatar: null };
  const channel = fixture.channel ?? { id: channelId, type: 0, name: 'news' };
  const common = { id, application_id: applicationId, token: `token-${id}`, version: 1, locale: 'en-US', entitlements: [], app_permissions: '2147483647', channel_id: channel.id };
  if (fixture.dm) return { ...common, user, channel: { id: channel.id, type: 1, recipients: [user] }, context: 1, authorizing_integration_owners: { '0': '0' } };
  return {
    ...common,
    guild_id: guildId,
    guild_locale: 'en-US',
    channel: { ...channel, guild_id: guildId },
    member: { user, roles: fixture.roles ?? [], permissions: fixture.permissions ?? permissions.none, joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    context: 0,
    authorizing_integration_owners: { '0': guildId },
  };
}

/** A raw slash-command interaction, as the gateway delivers it. */
export function slashCommand(name: string, options: Record<string, string | number | boolean> = {}, fixture: InteractionFixture = {}) {
  const typeOf = (value: unknown) => (typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3);
  return {
    ...base(fixture),
    type: 2,
    data: { id: '700000000000000100', name, type: 1, options: Object.entries(options).map(([key, value]) => ({ name: key, type: typeOf(value), value })) },
  };
}

/** A raw button press on a message the bot sent. */
export function buttonPress(customId: string, fixture: InteractionFixture & { ephemeralMessage?: boolean } = {}) {
  const raw = base(fixture);
  return {
    ...raw,
    type: 3,
    message: { id: makeSnowflake(), channel_id: raw.channel_id, type: 0, content: '', embeds: [], components: [], attachments: [], mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: fixture.ephemeralMessage ? 64 : 0, author: { id: applicationId, username: 'newsbrief', discriminator: '0', bot: true, avatar: null } },
    data: { custom_id: customId, component_type: 2 },
  };
}

/** A raw autocomplete request for the focused option. */
export function autocomplete(name: string, focused: string, value: string) {
  return { ...base({}), type: 4, data: { id: '700000000000000100', name, type: 1, options: [{ name: focused, type: 3, value, focused: true }] } };
}
