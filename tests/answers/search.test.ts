import { describe, expect, it } from 'vitest';
import { createSearchService } from '../../src/answers/search-service.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { openArticleStore } from '../../src/store/article-store.ts';
import { backendCases } from '../helpers/backends.ts';
import { makeArticleInput } from '../fixtures/articles.ts';
import { fixedNow, newsroom, newsroomEngine } from './fixtures.ts';

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('search', () => {
  it('ranks title matches first and returns verbatim snippets around the matched words', async () => {
    const { search, store } = await newsroomEngine({
      inputs: [
        makeArticleInput({ title: 'Repairs on the coast road', text: 'Crews repaired the coast road near the lighthouse. The lighthouse keeper said the lighthouse stays open.' }),
        makeArticleInput({ title: 'Lighthouse reopens to visitors', text: 'Visitors can climb the tower again from Sunday, the lighthouse trust said after repairs to the stairs.' }),
        makeArticleInput({ title: 'Harbour fees rise', text: 'Harbour fees for fishing boats will rise by five percent next year, the port authority said.' }),
      ],
    });
    const results = await search.search('lighthouse');
    expect(results.hits.map((hit) => hit.title)).toEqual(['Lighthouse reopens to visitors', 'Repairs on the coast road']);
    for (const hit of results.hits) {
      expect(flat((await store.get(hit.articleId))!.text)).toContain(hit.snippet);
      expect(hit.snippet).toMatch(/lighthouse/);
    }
    expect(results.total).toBe(2);
  });

  it('finds prefixes and exact phrases, and not a phrase whose words are apart', async () => {
    const { search } = await newsroomEngine();
    expect((await search.search('negotiat*')).hits.map((hit) => hit.url)).toEqual(['https://ledger.example/kyiv-talks']);
    expect((await search.search('"harbor districts"')).hits.map((hit) => hit.url)).toEqual(['https://harbor.example/storm-ilse']);
    // Both words are in the storm story, but never next to each other.
    expect((await search.search('"storm districts"')).hits).toEqual([]);
    expect((await search.search('the of and')).total).toBe(0);
  });

  it('filters by outlet (any case) and by date, and breaks score ties by recency', async () => {
    const { search } = await newsroomEngine();
    expect((await search.search('kyiv', { source: 'civic wire' })).hits.map((hit) => hit.source)).toEqual(['Civic Wire']);
    expect((await search.search('kyiv', { source: 'Nobody' })).total).toBe(0);
    expect((await search.search('opens', { since: Date.parse('2026-11-12T00:00:00Z') })).hits.map((hit) => hit.url)).toEqual(['https://harbor.example/jazz-festival']);
    const twins = await newsroomEngine({
      inputs: [
        makeArticleInput({ title: 'Ferry strike ends', text: 'Ferry strike harbour crews owners agree.', publishedAt: '2026-11-01T08:00:00Z' }),
        makeArticleInput({ title: 'Ferry strike ends', text: 'Ferry strike island boats unions signed.', publishedAt: '2026-11-09T08:00:00Z' }),
      ],
    });
    const hits = (await twins.search.search('ferry strike')).hits;
    expect(hits.map((hit) => hit.publishedAt)).toEqual(['2026-11-09T08:00:00.000Z', '2026-11-01T08:00:00.000Z']);
  });

  it('pages through results with offset and limit', async () => {
    const { search } = await newsroomEngine();
    const all = await search.search('said');
    const first = await search.search('said', { limit: 2 });
    const second = await search.search('said', { limit: 2, offset: 2 });
    expect([...first.hits, ...second.hits].map((hit) => hit.articleId)).toEqual(all.hits.slice(0, 4).map((hit) => hit.articleId));
    expect(first.total).toBe(all.total);
  });

  it('indexes articles as they are ingested', async () => {
    const { search, store } = await newsroomEngine();
    expect((await search.search('lighthouse')).total).toBe(0);
    await store.add(makeArticleInput({ title: 'Old lighthouse reopens', text: 'The old lighthouse on the northern cape reopened to visitors on Sunday after repairs.' }));
    expect((await search.search('lighthouse')).hits.map((hit) => hit.title)).toEqual(['Old lighthouse reopens']);
  });

  it('rejects a search over 1,000 characters with a clear message', async () => {
    const { search } = await newsroomEngine();
    await expect(search.search('x'.repeat(1_001))).rejects.toThrow(/limit is 1,000/);
  });
});

describe.each(backendCases())('search index across a restart on $name', (backendCase) => {
  it.skipIf(backendCase.skip !== undefined)('reloads the saved index and catches up with articles stored while it was closed', async () => {
    const opened = await backendCase.open();
    // Server-backed cases share a server between runs: every namespace carries this run's prefix.
    const backend = { ...opened.backend, namespace: (name: string) => opened.backend.namespace(`${opened.prefix}-${name}`) };
    try {
      const now = () => fixedNow;
      const store = await openArticleStore({ backend, now });
      await store.addMany(newsroom);
      const first = await createSearchService({ store, backend, now, logger: silentLogger(), persistDelayMs: 0 });
      const before = await first.search('kyiv');
      await first.close();
      const manifest = (await backend.namespace('search-index').get('manifest')) as { docs: number } | undefined;
      expect(manifest?.docs).toBe(newsroom.length);

      // Another process stores an article while no index is open.
      await store.add(makeArticleInput({ title: 'Old lighthouse reopens', text: 'The old lighthouse on the northern cape reopened to visitors on Sunday after repairs.' }));
      const reopenedStore = await openArticleStore({ backend, now });
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
      const second = await createSearchService({ store: reopenedStore, backend, now, logger, persistDelayMs: 0 });
      const ready = lines.map((line) => JSON.parse(line) as { msg: string; fromSnapshot?: number; indexed?: number }).find((entry) => entry.msg === 'search index ready');
      expect(ready).toMatchObject({ fromSnapshot: newsroom.length, indexed: 1 });
      expect(second.size).toBe(newsroom.length + 1);
      expect((await second.search('kyiv')).hits.map((hit) => [hit.articleId, hit.snippet])).toEqual(before.hits.map((hit) => [hit.articleId, hit.snippet]));
      expect((await second.search('lighthouse')).total).toBe(1);
      await second.close();
      expect(((await backend.namespace('search-index').get('manifest')) as { docs: number }).docs).toBe(newsroom.length + 1);
    } finally {
      await opened.cleanup();
    }
  });
});
