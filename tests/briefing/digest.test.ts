import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/dispatch.ts';
import { commands } from '../../commands/index.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { ArticleInput } from '../../src/domain/article.ts';
import type { Briefing } from '../../src/domain/briefing.ts';
import { renderBriefingText } from '../../src/briefing/render-text.ts';
import { createBriefingService } from '../../src/briefing/service.ts';
import { loadSampleArticles } from '../../src/ingest/samples.ts';
import { silentLogger } from '../../src/log.ts';
import { openArticleStore } from '../../src/store/article-store.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { makeCommandDeps } from '../fakes/command-deps.ts';
import { storySet, type StoryArticle } from '../fixtures/stories.ts';

const now = () => new Date('2026-11-25T12:00:00.000Z');
const hour = 3600_000;

async function serviceWith(articles: readonly StoryArticle[]) {
  const store = await openArticleStore({ backend: await openKeyvBackend({ memory: true }), now });
  const outcomes = await store.addMany(articles.map(({ story: _story, ...input }) => input));
  const storyOf = new Map<string, string>();
  outcomes.forEach((outcome, i) => {
    if (outcome instanceof Error || outcome.status !== 'added') throw new Error(`fixture ${i} not stored`);
    storyOf.set(outcome.article.id, articles[i]!.story);
  });
  return { store, storyOf, service: createBriefingService({ store, now }) };
}

/** Every sentence must be a sentence of the article its citation points at. */
async function expectSentencesFromCitedArticles(briefing: Briefing, texts: ReadonlyMap<string, string>): Promise<void> {
  const byNumber = new Map(briefing.citations.map((citation) => [citation.n, citation]));
  for (const item of briefing.items) {
    expect(item.sentences.length).toBeGreaterThan(0);
    for (const sentence of item.sentences) {
      expect(sentence.citations).toHaveLength(1);
      const citation = byNumber.get(sentence.citations[0]!)!;
      expect(item.citations).toContain(citation.n);
      expect(item.articleIds).toContain(citation.articleId);
      expect(texts.get(citation.articleId)!.replace(/\s+/g, ' ')).toContain(sentence.text);
    }
  }
}

describe('briefings', () => {
  it('groups each story across outlets, keeps unrelated stories apart, and cites every sentence to its article', async () => {
    const { service, storyOf, store } = await serviceWith(storySet);
    const briefing = await service.brief({ since: now().getTime() - 7 * 24 * hour, maxItems: 10 });
    expect(briefing.items).toHaveLength(new Set(storySet.map((article) => article.story)).size);
    for (const item of briefing.items) {
      const stories = new Set(item.articleIds.map((id) => storyOf.get(id)));
      expect(stories.size, item.headline).toBe(1);
      const story = [...stories][0]!;
      expect(item.articleIds).toHaveLength(storySet.filter((article) => article.story === story).length);
    }
    const bridge = briefing.items.find((item) => item.headline.match(/bridge|crossing/i))!;
    expect(bridge.sources.sort()).toEqual(['Ashford Echo', 'Regional Wire', 'Valley Post']);
    const texts = new Map((await store.getMany([...storyOf.keys()])).map((article) => [article!.id, article!.text]));
    await expectSentencesFromCitedArticles(briefing, texts);
    // Citation numbers are unique and all point at stored articles.
    expect(new Set(briefing.citations.map((citation) => citation.n)).size).toBe(briefing.citations.length);
    for (const citation of briefing.citations) expect(storyOf.has(citation.articleId)).toBe(true);
  });

  it('ranks a story several outlets reported above single reports of the same age, and fresh news above old', async () => {
    const { service, storyOf } = await serviceWith(storySet);
    const briefing = await service.brief({ since: now().getTime() - 7 * 24 * hour, maxItems: 10 });
    const order = briefing.items.map((item) => storyOf.get(item.articleIds[0]!));
    expect(order.indexOf('bridge')).toBeLessThan(order.indexOf('housing'));
    expect(order.slice(-2).sort()).toEqual(['football', 'museum']);
    const top = await service.brief({ since: now().getTime() - 7 * 24 * hour, maxItems: 3 });
    expect(top.items.map((item) => item.headline)).toEqual(briefing.items.slice(0, 3).map((item) => item.headline));
  });

  it('makes one item with two sources from two outlets reporting one story', async () => {
    const { service } = await serviceWith(storySet.filter((article) => article.story === 'rates'));
    const briefing = await service.brief({ maxItems: 5 });
    expect(briefing.items).toHaveLength(1);
    expect(briefing.items[0]!.sources.sort()).toEqual(['Finance Daily', 'The Capital']);
    expect(briefing.items[0]!.citations).toHaveLength(2);
  });

  it('does not spend a story\'s second sentence on another outlet\'s version of the first', async () => {
    // The sample set's Kyiv talks: three outlets open with the same meeting in different words.
    const kyiv = readFileSync(new URL('../../samples/articles.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map((line) => ({ story: 'kyiv', ...(JSON.parse(line) as ArticleInput) }))
      .filter((article) => /Kyiv/.test(article.title))
      .map((article) => ({ ...article, publishedAt: '2026-11-25T08:00:00Z' }));
    const { service } = await serviceWith(kyiv);
    const [item] = (await service.brief({ maxItems: 5 })).items;
    expect(item!.sources).toHaveLength(3);
    expect(item!.sentences).toHaveLength(2);
    const aboutTheMeeting = item!.sentences.filter((sentence) => /\b(met|meeting)\b.*\bKyiv\b.*\bSaturday\b/.test(sentence.text));
    expect(aboutTheMeeting).toHaveLength(1);
  });

  it('groups a story the same way with or without a topic (the sample Storm Ilse story from three outlets)', async () => {
    const store = await openArticleStore({ backend: await openKeyvBackend({ memory: true }), now });
    await loadSampleArticles(store, new URL('../../samples/articles.jsonl', import.meta.url), now());
    const service = createBriefingService({ store, now });
    const storm = (briefing: Briefing) => briefing.items.find((item) => /Storm Ilse floods/.test(item.headline));
    const all = storm(await service.brief({ maxItems: 10 }));
    const onTopic = storm(await service.brief({ topics: ['storm'], maxItems: 10 }));
    expect(all?.sources.length).toBe(3);
    expect(new Set(onTopic?.articleIds)).toEqual(new Set(all?.articleIds));
  });

  it('filters by topic and by time window, and pages with offset', async () => {
    const { service, storyOf } = await serviceWith(storySet);
    const rates = await service.brief({ topics: ['borrowing costs'], maxItems: 5 });
    expect(rates.items.map((item) => new Set(item.articleIds.map((id) => storyOf.get(id))))).toEqual([new Set(['rates'])]);
    const none = await service.brief({ topics: ['volcano'], maxItems: 5 });
    expect(none.items).toEqual([]);
    expect(none.note).toMatch(/match the topic/);

    const lastDay = await service.brief({ since: now().getTime() - 24 * hour, maxItems: 10 });
    const stories = new Set(lastDay.items.flatMap((item) => item.articleIds.map((id) => storyOf.get(id))));
    expect(stories).toEqual(new Set(['rates', 'housing']));

    const first = await service.brief({ since: now().getTime() - 7 * 24 * hour, maxItems: 2 });
    const second = await service.brief({ since: now().getTime() - 7 * 24 * hour, maxItems: 2, offset: 2 });
    expect(second.items).toHaveLength(2);
    const firstIds = new Set(first.items.flatMap((item) => item.articleIds));
    for (const id of second.items.flatMap((item) => item.articleIds)) expect(firstIds.has(id)).toBe(false);
  });

  it('explains an empty store instead of inventing a briefing', async () => {
    const { service } = await serviceWith([]);
    const briefing = await service.brief({ maxItems: 5 });
    expect(briefing.items).toEqual([]);
    expect(briefing.articleCount).toBe(0);
    expect(briefing.note).toMatch(/No stored articles/);
    expect(renderBriefingText(briefing)).toMatch(/No stored articles/);
  });

  it('summarises a one-sentence article with that sentence', async () => {
    const { service } = await serviceWith([{ story: 'one', title: 'Ferry back in service', text: 'The island ferry returned to service on Monday after repairs to its engine.', source: 'Isle News', publishedAt: '2026-11-25T08:00:00Z', url: 'https://isle.example/ferry' }]);
    const briefing = await service.brief({ maxItems: 5 });
    expect(briefing.items[0]!.sentences.map((sentence) => sentence.text)).toEqual(['The island ferry returned to service on Monday after repairs to its engine.']);
  });

  it('renders numbered stories with citation marks and a numbered source list', async () => {
    const { service } = await serviceWith(storySet);
    const text = renderBriefingText(await service.brief({ since: now().getTime() - 7 * 24 * hour, maxItems: 2 }));
    expect(text).toMatch(/^# Briefing\n/);
    expect(text).toMatch(/^1\. \*\*.+\*\*/m);
    expect(text).toMatch(/\[1\]/);
    expect(text).toMatch(/^Sources:\n\[1\] .+ <https:\/\//m);
  });

  it('serves the /brief command through the briefing port', async () => {
    const { deps } = await makeCommandDeps();
    await deps.articles.addMany(storySet.map(({ story: _story, ...input }) => ({ ...input, publishedAt: new Date(deps.now().getTime() - 2 * hour).toISOString() })));
    const briefings = createBriefingService({ store: deps.articles, now: deps.now });
    const runner = createCommandRunner({
      commands,
      commandDeps: { ...deps, briefings },
      rateLimiter: createRateLimiter({ policies: { default: { capacity: 100, perMinute: 100 } }, now: () => 0 }),
      logger: silentLogger(),
    });
    const reply = await runner.run({ name: 'brief', text: 'ashford bridge', chat: { platform: 'console', chatId: 'c', kind: 'private' }, caller: { id: 'u', name: 'U', role: 'member' } });
    expect(reply.tone).not.toBe('error');
    expect(reply.items?.[0]?.title).toMatch(/bridge|crossing/i);
    expect(reply.citations?.length).toBeGreaterThanOrEqual(3);
    const article = await runner.run({ name: 'brief', text: '', chat: { platform: 'console', chatId: 'c', kind: 'private' }, caller: { id: 'u', name: 'U', role: 'member' } });
    expect(article.items?.length).toBeGreaterThan(1);
  });
});
