import { makeSnowflake } from '../fakes/discord-api.ts';

/**
 * Raw Discord payloads as the gateway delivers them: the test server a bot sees in
 * GUILD_CREATE, and slash commands, button presses and autocomplete requests in it.
 * Shared by the in-process harness and the end-to-end test that sends them over a fake gateway.
 */

export const applicationId = '700000000000000001';
export const guildId = '700000000000000002';
export const channelId = '700000000000000003';
export const threadParentId = '720000000000000000';
export const threadId = '720000000000000001';

/** Member permission bits as Discord sends them. */
export const permissions = { none: '0', manageMessages: (1n << 13n).toString(), manageGuild: (1n << 5n).toString() };

/** What the gateway's GUILD_CREATE gives a bot with the Guilds intent: the server, its channels and active threads. */
export function guildCreate() {
  return {
    id: guildId,
    name: 'Test server',
    roles: [],
    members: [],
    emojis: [],
    stickers: [],
    channels: [
      { id: channelId, type: 0, name: 'news', guild_id: guildId },
      { id: threadParentId, type: 0, name: 'digests', guild_id: guildId },
    ],
    threads: [{ id: threadId, type: 11, name: 'digest-thread', parent_id: threadParentId, guild_id: guildId, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: '2026-11-01T00:00:00.000Z', locked: false } }],
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
