import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordNotifier, createDiscordRest } from '../../adapters/discord/index.ts';
import { ChatUnreachableError, RateLimitedError, RejectedMessageError, TransientDeliveryError, type Notifier } from '../../src/delivery/notifier.ts';
import type { ChatRef } from '../../src/domain/chat.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from '../fakes/discord-api.ts';
import { makeBriefing } from './briefings.ts';

const token = 'test-bot-token-not-a-real-one';
const text: ChatRef = { platform: 'discord', chatId: '730000000000000001' };
const forum: ChatRef = { platform: 'discord', chatId: '730000000000000002' };
const thread: ChatRef = { platform: 'discord', chatId: '730000000000000001', threadId: '730000000000000003' };

let fake: FakeDiscordApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(): Promise<{ fake: FakeDiscordApi; notifier: Notifier }> {
  fake = await startFakeDiscordApi();
  fake.channels.set(text.chatId, { id: text.chatId, type: 0, name: 'news', guild_id: '1' });
  fake.channels.set(forum.chatId, { id: forum.chatId, type: 15, name: 'digests', guild_id: '1' });
  fake.channels.set(thread.threadId!, { id: thread.threadId!, type: 11, name: 'daily', parent_id: text.chatId, guild_id: '1' });
  return { fake, notifier: createDiscordNotifier({ rest: createDiscordRest({ DISCORD_TOKEN: token, DISCORD_API_BASE: fake.url }), logger: silentLogger() }) };
}

async function sendAll(notifier: Notifier, chat: ChatRef, content: Parameters<Notifier['render']>[0]) {
  const ids: Array<string | undefined> = [];
  for (const part of notifier.render(content, chat)) ids.push((await notifier.send(chat, part)).messageId);
  return ids;
}

describe('Discord notifier', () => {
  it('renders a long digest into parts within the limits, mentions off, JSON-serialisable', async () => {
    const { notifier } = await setup();
    const parts = notifier.render({ kind: 'digest', briefing: makeBriefing({ count: 6, sentences: 6, sentenceLength: 600 }) }, text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      const message = (part.payload as any).message;
      expect(JSON.parse(JSON.stringify(part.payload))).toEqual(part.payload);
      expect(message.allowed_mentions).toEqual({ parse: [] });
      expect(message.flags).toBeUndefined();
      const size = message.embeds.reduce((sum: number, embed: any) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0), 0);
      expect(size).toBeLessThanOrEqual(6000);
    }
  });

  it('sends to a channel and to a thread', async () => {
    const { fake, notifier } = await setup();
    const ids = await sendAll(notifier, text, { kind: 'digest', briefing: makeBriefing({ count: 2 }) });
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(fake.messages.filter((message) => message.channelId === text.chatId)).toHaveLength(ids.length);
    await sendAll(notifier, thread, { kind: 'breaking', update: { id: 'u1', text: 'Bridge closed @everyone', requestedBy: { platform: 'discord', userId: '1', chatId: '2' }, createdAt: '2026-11-25T08:00:00.000Z' } });
    const inThread = fake.messages.filter((message) => message.channelId === thread.threadId);
    expect(inThread).toHaveLength(1);
    expect(inThread[0]!.body.embeds[0].title).toBe('Breaking: Bridge closed @everyone');
    expect(inThread[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(fake.rejections).toEqual([]);
  });

  it('posts to a forum as a new post, later parts inside that post', async () => {
    const { fake, notifier } = await setup();
    const ids = await sendAll(notifier, forum, { kind: 'digest', briefing: makeBriefing({ count: 6, sentences: 6, sentenceLength: 600 }) });
    expect(ids.length).toBeGreaterThan(1);
    const posts = fake.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${forum.chatId}/threads`);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.name).toBe('Latest news');
    const postId = fake.messages.find((message) => message.via === 'forum')!.channelId;
    expect(fake.messages.filter((message) => message.channelId === postId)).toHaveLength(ids.length);
    expect(fake.requests.filter((request) => request.method === 'GET' && request.path === `/channels/${forum.chatId}`)).toHaveLength(1);
    expect(fake.rejections).toEqual([]);
  });

  it.each([
    [403, 50001, 'Missing Access', ChatUnreachableError, /50001/],
    [403, 50013, 'Missing Permissions', ChatUnreachableError, /50013/],
    [404, 10003, 'Unknown Channel', ChatUnreachableError, /10003/],
    [500, 0, 'Internal Server Error', TransientDeliveryError, /500/],
    [400, 50035, 'Invalid Form Body', RejectedMessageError, /400/],
  ])('maps %i / code %i to the delivery error it means', async (status, code, message, kind, pattern) => {
    const { fake, notifier } = await setup();
    fake.inject({ method: 'POST', path: /\/messages$/, status, code, message });
    const [part] = notifier.render({ kind: 'digest', briefing: makeBriefing({ count: 1 }) }, text);
    const error = await notifier.send(text, part!).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(kind);
    expect(String((error as Error).message)).toMatch(pattern);
  });

  it('turns 429 into RateLimitedError with the wait, without waiting itself', async () => {
    const { fake, notifier } = await setup();
    fake.inject({ method: 'POST', path: /\/messages$/, status: 429, retryAfter: 7 });
    const [part] = notifier.render({ kind: 'digest', briefing: makeBriefing({ count: 1 }) }, text);
    const started = Date.now();
    const error = await notifier.send(text, part!).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(7000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('turns a refused connection into TransientDeliveryError', async () => {
    const { fake, notifier } = await setup();
    await fake.close();
    const [part] = notifier.render({ kind: 'digest', briefing: makeBriefing({ count: 1 }) }, text);
    await expect(notifier.send(text, part!)).rejects.toBeInstanceOf(TransientDeliveryError);
  });
});

describe('Discord direct messages', () => {
  it('tells a moderator privately, and reports a closed DM as unreachable', async () => {
    const { createDiscordDirectMessenger } = await import('../../adapters/discord/index.ts');
    const { fake } = await setup();
    const messenger = createDiscordDirectMessenger({ rest: createDiscordRest({ DISCORD_TOKEN: token, DISCORD_API_BASE: fake.url }), logger: silentLogger() });
    const sent = await messenger.send('800000000000000001', ['The daily digest for #news stopped: the bot lacks permission to post there.'], { title: 'newsbrief' });
    expect(sent.messageId).toMatch(/^\d+$/);
    const dm = fake.messages.at(-1)!;
    expect(fake.channels.get(dm.channelId)?.type).toBe(1);
    expect(dm.body.embeds[0].description).toContain('digest for #news stopped');
    expect(dm.body.allowed_mentions).toEqual({ parse: [] });
    fake.closedDms.add('800000000000000002');
    await expect(messenger.send('800000000000000002', ['x'])).rejects.toBeInstanceOf(ChatUnreachableError);
  });
});
