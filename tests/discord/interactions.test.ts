import { afterEach, describe, expect, it } from 'vitest';
import { makeBriefing } from './briefings.ts';
import { autocomplete, buttonPress, permissions, slashCommand, startHarness, type Harness } from './harness.ts';
import { snowflakeTime, wouldPing } from '../fakes/discord-api.ts';
import { createContinuationStore } from '../../src/store/continuations.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const callbacks = (h: Harness) => h.fake.requests.filter((request) => request.path.endsWith('/callback'));
const allEmbedText = (body: any) => JSON.stringify(body.embeds ?? []);

describe('Discord interactions', () => {
  it('answers /brief with embeds: linked headlines, outlet and date, citations as links', async () => {
    harness = await startHarness();
    harness.engine.briefings.next = makeBriefing({ count: 3 });
    const raw = slashCommand('brief', { topic: 'harbour', limit: 3 });
    const result = await harness.dispatch(raw);
    expect(result.error).toBeUndefined();
    const [callback] = callbacks(harness);
    // /brief calls the engine, so it is deferred first, then the original response is edited.
    expect(callback?.body.type).toBe(5);
    expect(callback!.at - snowflakeTime(raw.id)).toBeLessThan(3000);
    const messages = harness.fake.messages.filter((message) => message.interactionId === raw.id);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    const first = messages[0]!.body;
    expect(first.embeds[0].title).toBe('Latest news');
    const text = messages.map((message) => allEmbedText(message.body)).join('');
    expect(text).toContain('[Story 1: council approves the harbour plan](https://news.example/story-1/article-1)');
    expect(text).toContain('Harbor Ledger');
    expect(text).toContain('24 Nov 2026');
    expect(text).toContain('[\\\\[2\\\\]](https://news.example/story-1/article-2)');
    expect(first.allowed_mentions).toEqual({ parse: [] });
    expect(harness.engine.briefings.requests).toHaveLength(1);
    expect(harness.engine.briefings.requests[0]).toMatchObject({ topics: ['harbour'], maxItems: 4 });
    expect(harness.fake.rejections).toEqual([]);
  });

  it('answers /ask with the answer, the quote and linked sources, and a Sources button', async () => {
    harness = await startHarness();
    harness.engine.answers.next = {
      question: '',
      abstained: false,
      answer: 'The council approved the harbour plan on Monday.',
      quote: 'The council voted 7 to 2 for the plan.',
      citations: [{ n: 1, articleId: 'a1', title: 'Council backs harbour plan', source: 'Harbor Ledger', url: 'https://harborledger.example/news/plan', publishedAt: '2026-11-24T10:00:00.000Z' }],
    } as any;
    const raw = slashCommand('ask', { question: 'What did the council decide?' });
    await harness.dispatch(raw);
    expect(callbacks(harness)[0]?.body.type).toBe(5);
    const message = harness.fake.messages.find((candidate) => candidate.interactionId === raw.id)!;
    const embed = message.body.embeds[0];
    expect(embed.title).toBe('The council approved the harbour plan on Monday.');
    expect(embed.description).toContain('The council voted 7 to 2 for the plan.');
    expect(embed.description).toContain('[Council backs harbour plan](https://harborledger.example/news/plan)');
    expect(harness.engine.answers.requests[0]).toMatchObject({ question: 'What did the council decide?' });
    const buttons = message.body.components?.[0]?.components ?? [];
    const sources = buttons.find((button: any) => button.label === 'Sources');
    expect(sources).toBeDefined();

    // Pressing "Sources" lists them privately, as a component interaction.
    const press = buttonPress(sources.custom_id);
    await harness.dispatch(press);
    const answer = callbacks(harness).find((request) => request.path.includes(press.id))!;
    expect(answer.body.type).toBe(4);
    expect(answer.body.data.flags & 64).toBe(64);
    expect(allEmbedText(answer.body.data)).toContain('Council backs harbour plan');
  });

  it('keeps the Sources button working after a restart when the lists live in the shared store', async () => {
    const sourceLists = createContinuationStore({ backend: await openKeyvBackend({ memory: true }) });
    const citations = [{ n: 1, articleId: 'a1', title: 'Council backs harbour plan', source: 'Harbor Ledger', url: 'https://harborledger.example/news/plan', publishedAt: '2026-11-24T10:00:00.000Z' }];
    harness = await startHarness({ sourceLists });
    harness.engine.answers.next = { question: '', abstained: false, answer: 'Approved.', quote: 'The council voted 7 to 2 for the plan.', citations } as any;
    const raw = slashCommand('ask', { question: 'What did the council decide?' });
    await harness.dispatch(raw);
    const message = harness.fake.messages.find((candidate) => candidate.interactionId === raw.id)!;
    const sources = (message.body.components?.[0]?.components ?? []).find((button: any) => button.label === 'Sources');
    await harness.close();

    // A new process (or another shard) answers the press from the same store.
    harness = await startHarness({ sourceLists });
    const press = buttonPress(sources.custom_id);
    await harness.dispatch(press);
    const answer = callbacks(harness).find((request) => request.path.includes(press.id))!;
    expect(allEmbedText(answer.body.data)).toContain('Council backs harbour plan');
    expect(allEmbedText(answer.body.data)).not.toContain('expired');
  });

  it('pages a briefing with the "More" button, run as the person who pressed it', async () => {
    harness = await startHarness();
    harness.engine.briefings.next = makeBriefing({ count: 4 });
    const raw = slashCommand('brief', { limit: 3 });
    await harness.dispatch(raw);
    const last = harness.fake.messages.filter((message) => message.interactionId === raw.id).at(-1)!;
    const more = last.body.components[0].components.find((button: any) => button.label === 'More stories');
    expect(more.custom_id).toMatch(/^nb:brief:page:/);
    const press = buttonPress(more.custom_id, { user: { id: '800000000000000009', username: 'other' } });
    await harness.dispatch(press);
    expect(callbacks(harness).find((request) => request.path.includes(press.id))?.body.type).toBe(5);
    expect(harness.engine.briefings.requests.at(-1)).toMatchObject({ offset: 3, maxItems: 4 });
    expect(harness.fake.messages.some((message) => message.interactionId === press.id && allEmbedText(message.body).includes('Story 1'))).toBe(true);
    expect(harness.fake.rejections).toEqual([]);
  });

  it('turns a deferred public answer into a private error when the command fails', async () => {
    harness = await startHarness();
    const raw = slashCommand('brief', { since: 'sometime' });
    await harness.dispatch(raw);
    expect(callbacks(harness)[0]?.body.type).toBe(5);
    expect(harness.fake.requests.some((request) => request.method === 'DELETE' && request.path.endsWith('/messages/@original'))).toBe(true);
    const messages = harness.fake.messages.filter((message) => message.interactionId === raw.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ via: 'followup', ephemeral: true });
    expect(allEmbedText(messages[0]!.body)).toMatch(/since for \/brief is not valid/);
  });

  it('defers a slow handler within 3 s and follows up after the window', async () => {
    harness = await startHarness();
    const slow = harness.engine.answers;
    const original = slow.ask.bind(slow);
    slow.ask = async (question, options) => {
      await new Promise((resolve) => setTimeout(resolve, 3300));
      return original(question, options);
    };
    harness.engine.answers.next = { question: '', abstained: true, citations: [], note: 'Not in the stored articles.' } as any;
    const raw = slashCommand('ask', { question: 'Anything new?' });
    const started = snowflakeTime(raw.id);
    await harness.dispatch(raw);
    const [callback] = callbacks(harness);
    expect(callback?.body.type).toBe(5);
    expect(callback!.at - started).toBeLessThan(1000);
    const edit = harness.fake.requests.find((request) => request.method === 'PATCH' && request.path.endsWith('/messages/@original'))!;
    expect(edit.at - started).toBeGreaterThan(3000);
    expect(harness.fake.rejections).toEqual([]);
    expect(allEmbedText(edit.body)).toContain('Not in the stored articles.');
  }, 10_000);

  it('defers a command not marked slow when it turns out slow', async () => {
    const { deps } = await import('../fakes/command-deps.ts').then((module) => module.makeCommandDeps());
    const list = deps.subscriptions.list.bind(deps.subscriptions);
    const get = deps.subscriptions.get.bind(deps.subscriptions);
    harness = await startHarness({ deps: { subscriptions: { ...deps.subscriptions, list, get: async (id) => (await new Promise((resolve) => setTimeout(resolve, 600)), get(id)) } }, deferAfterMs: 200 });
    const raw = slashCommand('subscription', {}, { permissions: permissions.manageGuild });
    await harness.dispatch(raw);
    const [callback] = callbacks(harness);
    expect(callback?.body.type).toBe(5);
    expect(harness.fake.requests.some((request) => request.method === 'PATCH' || (request.method === 'POST' && request.path.startsWith('/webhooks/')))).toBe(true);
    expect(harness.fake.rejections).toEqual([]);
  });

  it("refuses a member's /breaking privately, without deferring or publishing", async () => {
    harness = await startHarness();
    const raw = slashCommand('breaking', { text: 'Ceasefire agreed' }, { permissions: permissions.none });
    await harness.dispatch(raw);
    const [callback] = callbacks(harness);
    expect(callback?.body.type).toBe(4);
    expect(callback!.body.data.flags & 64).toBe(64);
    expect(allEmbedText(callback!.body.data)).toMatch(/Only moderators/);
    expect(harness.engine.breaking.published).toHaveLength(0);
  });

  it('lets a moderator (Manage Messages) preview /breaking and confirm it with the button', async () => {
    harness = await startHarness();
    const raw = slashCommand('breaking', { text: 'Ceasefire agreed' }, { permissions: permissions.manageMessages });
    await harness.dispatch(raw);
    const preview = callbacks(harness)[0]!.body;
    expect(preview.type).toBe(4);
    expect(preview.data.flags & 64).toBe(64);
    const confirm = preview.data.components[0].components.find((button: any) => button.label.startsWith('Confirm'));
    await harness.dispatch(buttonPress(confirm.custom_id, { permissions: permissions.manageMessages, ephemeralMessage: true }));
    expect(harness.engine.breaking.published).toHaveLength(1);
    expect(harness.engine.breaking.published[0]?.text).toBe('Ceasefire agreed');
  });

  it('treats a configured role name as moderator, looking the name up once', async () => {
    harness = await startHarness({ moderatorRoles: ['News Mods'] });
    harness.fake.roles.set('700000000000000002', [{ id: '900000000000000001', name: 'News Mods' }]);
    await harness.dispatch(slashCommand('breaking', { text: 'Bridge closed' }, { roles: ['900000000000000001'] }));
    expect(allEmbedText(callbacks(harness)[0]!.body.data)).toContain('preview');
    await harness.dispatch(slashCommand('breaking', { text: 'Bridge closed' }, { roles: ['900000000000000001'] }));
    expect(harness.fake.requests.filter((request) => request.path.endsWith('/roles'))).toHaveLength(1);
  });

  it('splits a long digest across follow-ups, each message within the limits', async () => {
    harness = await startHarness();
    harness.engine.briefings.next = makeBriefing({ count: 5, sentences: 6, sentenceLength: 700 });
    const raw = slashCommand('digest');
    await harness.dispatch(raw);
    expect(harness.fake.rejections).toEqual([]);
    const messages = harness.fake.messages.filter((message) => message.interactionId === raw.id);
    expect(messages.length).toBeGreaterThan(1);
    expect(harness.fake.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/webhooks/')).length).toBe(messages.length - 1);
    for (const message of messages) {
      const size = message.body.embeds.reduce((sum: number, embed: any) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0), 0);
      expect(size).toBeLessThanOrEqual(6000);
      for (const embed of message.body.embeds) expect(embed.description.length).toBeLessThanOrEqual(4096);
      expect(message.body.allowed_mentions).toEqual({ parse: [] });
    }
    const text = messages.map((message) => allEmbedText(message.body)).join('');
    for (let story = 1; story <= 5; story += 1) expect(text).toContain(`Story ${story}: council approves`);
    expect(text).toContain('Sources');
  });

  it('never lets article text mention anyone', async () => {
    harness = await startHarness();
    harness.engine.briefings.next = makeBriefing({ count: 1, text: 'Hey @everyone and @here, <@&123456789012345678> and <@123456789012345678> read this.' });
    const raw = slashCommand('brief');
    await harness.dispatch(raw);
    const bodies = harness.fake.requests.filter((request) => request.path.includes('/webhooks/') || request.path.endsWith('/callback')).map((request) => request.body?.data ?? request.body);
    const withMessages = bodies.filter((body) => body?.embeds);
    expect(withMessages.length).toBeGreaterThan(0);
    for (const body of withMessages) expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(withMessages)).toContain('<@&123456789012345678>');
    // User text echoed back (a breaking preview) is just as inert.
    await harness.dispatch(slashCommand('breaking', { text: '@everyone <@&123456789012345678> bridge closed' }, { permissions: permissions.manageMessages }));
    const preview = callbacks(harness).at(-1)!.body.data;
    expect(preview.allowed_mentions).toEqual({ parse: [] });
    expect(allEmbedText(preview)).toContain('@everyone');
    expect(harness.fake.messages.flatMap((message) => message.pings)).toEqual([]);
    // The fake would have reported a ping without allowed_mentions, so the check above can fail.
    expect(wouldPing({ content: '@everyone <@&123456789012345678>' })).toEqual(['@everyone', '<@&123456789012345678>']);
  });

  it('suggests topics and outlets while typing', async () => {
    harness = await startHarness({ suggestions: { topics: async (query) => ['energy', 'elections'].filter((topic) => topic.startsWith(query)), sources: async () => ['Harbor Ledger'] } });
    const raw = autocomplete('brief', 'topic', 'ukraine, ene');
    await harness.dispatch(raw);
    const [callback] = callbacks(harness);
    expect(callback?.body).toEqual({ type: 8, data: { choices: [{ name: 'ukraine, energy', value: 'ukraine, energy' }] } });
  });

  it('answers in a thread with the thread as the chat, and in DMs as a private chat', async () => {
    harness = await startHarness();
    const raw = slashCommand('subscribe', { time: '07:30' }, { dm: true, channel: { id: '710000000000000001', type: 1 } });
    await harness.dispatch(raw);
    const reply = callbacks(harness)[0]!.body;
    expect(reply.type).toBe(4);
    expect(reply.data.flags & 64).toBe(64);
    const stored = await harness.deps.subscriptions.list({ platform: 'discord' });
    expect(stored.map((subscription) => [subscription.chatId, subscription.chatKind, subscription.time])).toEqual([['710000000000000001', 'private', '07:30']]);

    await harness.dispatch(slashCommand('subscribe', {}, { permissions: permissions.manageGuild, channel: { id: '720000000000000001', type: 11, parent_id: '720000000000000000', name: 'digest-thread' } }));
    const thread = (await harness.deps.subscriptions.list({ platform: 'discord' })).find((subscription) => subscription.threadId !== undefined);
    expect(thread).toMatchObject({ chatId: '720000000000000000', threadId: '720000000000000001', chatKind: 'group' });
  });
});
