import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordRest, createShardManager, discordShardFromEnv, isDiscordShardProcess, resolveShardCount } from '../../adapters/discord/index.ts';
import { subscriptionId } from '../../src/subscriptions/subscription-store.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from '../fakes/discord-api.ts';
import { channelId, guildId, slashCommand, startHarness, type Harness } from './harness.ts';

let harness: Harness | undefined;
let fake: FakeDiscordApi | undefined;
afterEach(async () => {
  await harness?.close();
  await fake?.close();
  harness = undefined;
  fake = undefined;
});

describe('Discord bot lifecycle', () => {
  it('deactivates, but keeps, the subscription of a deleted channel', async () => {
    harness = await startHarness();
    const now = '2026-11-25T08:00:00.000Z';
    const id = subscriptionId('discord', channelId);
    await harness.deps.subscriptions.put({ id, platform: 'discord', chatId: channelId, time: '08:00', timezone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], topics: ['energy'], maxItems: 5, breaking: true, state: 'active', createdAt: now, updatedAt: now });
    (harness.bot.client as unknown as { actions: { ChannelDelete: { handle(data: unknown): void } } }).actions.ChannelDelete.handle({ id: channelId, type: 0, guild_id: guildId, name: 'news' });
    await expect.poll(async () => (await harness!.deps.subscriptions.get(id))?.state).toBe('deactivated');
    const stored = await harness.deps.subscriptions.get(id);
    expect(stored).toMatchObject({ topics: ['energy'], stateReason: 'the channel was deleted' });
  });

  it('survives an interaction whose 3 s window has already passed', async () => {
    harness = await startHarness();
    const raw = slashCommand('help', {}, { createdAt: Date.now() - 4000 });
    const result = await harness.dispatch(raw);
    expect(result.error).toBeDefined();
    expect(harness.fake.rejections.map((rejection) => rejection.code)).toContain(10062);
  });

  it('answers a second callback for the same interaction with 40060, like Discord', async () => {
    fake = await startFakeDiscordApi();
    fake.expectInteraction({ id: '1575000000000000000', token: 't', application_id: '1', channel_id: '2' }, Date.now());
    const post = () => fetch(`${fake!.url}/v10/interactions/1575000000000000000/t/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 5 }) });
    expect((await post()).status).toBe(204);
    const second = await post();
    expect(second.status).toBe(400);
    expect(((await second.json()) as { code: number }).code).toBe(40060);
  });
});

describe('Discord sharding', () => {
  it('resolves SHARDS=auto from GET /gateway/bot and a number as given', async () => {
    fake = await startFakeDiscordApi();
    const rest = createDiscordRest({ DISCORD_TOKEN: 'test-bot-token-not-a-real-one', DISCORD_API_BASE: fake.url });
    expect(await resolveShardCount('auto', rest)).toBe(2);
    expect(await resolveShardCount('3', rest)).toBe(3);
    await expect(resolveShardCount('0', rest)).rejects.toThrow(/at least 1/);
    const manager = await createShardManager({ config: { DISCORD_TOKEN: 'test-bot-token-not-a-real-one', SHARDS: 'auto' }, rest, logger: silentLogger(), file: 'adapters/discord/index.ts', execArgv: [] });
    expect(manager.totalShards).toBe(2);
    expect(manager.file).toMatch(/adapters\/discord\/index\.ts$/);
  });

  it('tells a shard process from the parent by the environment the manager sets', () => {
    expect(isDiscordShardProcess({ SHARDS: 'auto' })).toBe(false);
    const env = { SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '4' };
    expect(isDiscordShardProcess(env)).toBe(true);
    expect(discordShardFromEnv(env)).toEqual({ ids: [1], count: 4 });
    expect(discordShardFromEnv({ SHARDS: '2' })).toBeUndefined();
  });
});
