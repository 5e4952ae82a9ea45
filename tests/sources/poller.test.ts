import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { createSafeFetcher, type SafeFetcher } from '../../src/net/safe-fetch.ts';
import { backoffDelay, createSourcePoller, startSourcePolling } from '../../src/sources/poller.ts';
import { createSourceStore, sourceIdFor, type FeedSource, type SourceStore } from '../../src/sources/source-store.ts';
import { createSourcesService } from '../../src/sources/sources-service.ts';
import { openArticleStore, type ArticleStore } from '../../src/store/article-store.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { feedItems, rssFeed } from '../fixtures/feeds.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

let server: FeedServer;
let fetcher: SafeFetcher;

beforeAll(async () => {
  server = await startFeedServer({ slowMs: 2_000 });
  fetcher = createSafeFetcher({ timeoutMs: 1_000, maxBytes: 1_000_000, maxRedirects: 3, userAgent: 'newsbrief-test', allowNetworks: ['127.0.0.1/32'] });
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

const minute = 60_000;
const backoff = { baseMs: 10 * minute, maxMs: 80 * minute };

async function setup(start = '2026-11-25T08:00:00.000Z') {
  const backend = await openKeyvBackend({ memory: true });
  let time = Date.parse(start);
  const clock = { now: () => new Date(time), advance: (ms: number) => void (time += ms) };
  const store: ArticleStore = await openArticleStore({ backend, now: clock.now });
  const sources: SourceStore = createSourceStore({ backend });
  const poller = createSourcePoller({ sources, store, fetcher, concurrency: 2, logger: silentLogger(), now: clock.now, backoff });
  const service = createSourcesService({ sources, store, fetcher, now: clock.now });
  // A source record as if added earlier, without fetching (for feeds that fail from the start).
  const seed = async (path: string, overrides: Partial<FeedSource> = {}) => {
    const url = server.url(path);
    const source: FeedSource = { id: sourceIdFor(url), url, paused: false, failures: 0, itemCount: 0, addedAt: clock.now().toISOString(), ...overrides };
    await sources.put(source);
    return source;
  };
  return { clock, store, sources, poller, service, seed };
}

describe('source poller', () => {
  it('stores a feed once, then sends the validators and handles 304', async () => {
    const { store, poller, service, sources } = await setup();
    const { source, stored } = await service.add(server.url('/feed.xml'), {});
    expect(stored).toBe(3);
    expect(source).toMatchObject({ title: 'Example Wire', itemCount: 3, failures: 0 });
    expect(store.list({ feedId: source.id })).toHaveLength(3);
    expect((await sources.get(source.id))?.etag).toBe('"rss-v1"');

    const [report] = await poller.pollAll();
    expect(report).toMatchObject({ id: source.id, status: 'not_modified', added: 0 });
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"rss-v1"');
    expect(store.size).toBe(3);
  });

  it('polling a feed without validators again stores nothing new, and a new item is stored', async () => {
    const { store, poller, service } = await setup();
    server.serve('/plain.xml', { body: rssFeed(feedItems.slice(0, 2)), contentType: 'application/rss+xml' });
    const { source } = await service.add(server.url('/plain.xml'), { title: 'Plain Wire' });
    expect(source.title).toBe('Plain Wire');
    expect((await poller.pollAll())[0]).toMatchObject({ status: 'updated', added: 0, duplicates: 2 });
    server.serve('/plain.xml', { body: rssFeed(feedItems), contentType: 'application/rss+xml' });
    expect((await poller.pollAll())[0]).toMatchObject({ status: 'updated', added: 1, duplicates: 2 });
    expect(store.list({ feedId: source.id }).map((meta) => meta.title)).toContain('Museum reopens its east wing');
  });

  it('backs off exponentially after failures, up to a cap, and recovers', async () => {
    const { clock, poller, sources, seed } = await setup();
    server.serve('/flaky.xml', { body: 'oops', status: 500, contentType: 'text/plain' });
    const source = await seed('/flaky.xml');
    const expectedDelays = [10, 20, 40, 80, 80].map((m) => m * minute);
    for (const [i, delay] of expectedDelays.entries()) {
      const before = server.hits('/flaky.xml');
      const [report] = await poller.pollDue();
      expect(report).toMatchObject({ status: 'failed', failures: i + 1 });
      expect(report!.error).toMatch(/answered HTTP 500/);
      expect(server.hits('/flaky.xml')).toBe(before + 1);
      const stored = (await sources.get(source.id))!;
      expect(Date.parse(stored.nextAttemptAt!) - clock.now().getTime()).toBe(delay);
      // Not polled again before its time...
      clock.advance(delay - 1);
      expect(await poller.pollDue()).toEqual([]);
      expect(server.hits('/flaky.xml')).toBe(before + 1);
      clock.advance(1);
    }
    server.serve('/flaky.xml', { body: rssFeed(feedItems), contentType: 'application/rss+xml' });
    const [recovered] = await poller.pollDue();
    expect(recovered).toMatchObject({ status: 'updated', added: 3, failures: 0 });
    const after = (await sources.get(source.id))!;
    expect(after).toMatchObject({ failures: 0, itemCount: 3 });
    expect(after.lastError).toBeUndefined();
    expect(after.nextAttemptAt).toBeUndefined();
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    const { clock, poller, sources, seed } = await setup();
    const source = await seed('/status/503');
    await poller.pollDue();
    expect(Date.parse((await sources.get(source.id))!.nextAttemptAt!) - clock.now().getTime()).toBe(120_000 > backoff.baseMs ? 120_000 : backoff.baseMs);
    expect(backoffDelay(1, { baseMs: 1_000, maxMs: 60_000 }, 120_000)).toBe(120_000);
    expect(backoffDelay(3, { baseMs: 1_000, maxMs: 60_000 })).toBe(4_000);
  });

  it('records a malformed feed on that source and still polls the others', async () => {
    const { store, poller, sources, seed } = await setup();
    const broken = await seed('/malformed.xml');
    const missing = await seed('/status/404');
    const good = await seed('/atom.xml');
    const mixed = await seed('/mixed.xml');
    const reports = await poller.pollAll();
    const byId = new Map(reports.map((report) => [report.id, report]));
    expect(byId.get(broken.id)).toMatchObject({ status: 'failed' });
    expect(byId.get(broken.id)!.error).toMatch(/not well-formed|no items|Not a feed/);
    expect(byId.get(missing.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 404/) });
    // The Atom and mixed feeds carry the same stories; whichever lands first stores them.
    const goodReport = byId.get(good.id)!;
    expect(goodReport.status).toBe('updated');
    expect(goodReport.added + goodReport.duplicates).toBe(3);
    // One bad item among good ones: the good ones land, the bad one is reported.
    expect(byId.get(mixed.id)).toMatchObject({ status: 'updated' });
    expect(byId.get(mixed.id)!.added + byId.get(mixed.id)!.duplicates).toBe(2);
    expect(byId.get(mixed.id)!.itemErrors).toEqual([expect.stringMatching(/item 2 \("Only a title"\): The feed item has no text/)]);
    expect((await sources.get(broken.id))!.lastError).toBe(byId.get(broken.id)!.error);
    expect(store.size).toBe(3);
  });

  it('follows a feed that moved permanently, and pauses one that is gone', async () => {
    const { poller, sources, seed } = await setup();
    server.route('/old-home.xml', (_request, response) => response.writeHead(301, { location: '/older-home.xml' }).end());
    server.route('/older-home.xml', (_request, response) => response.writeHead(308, { location: '/feeds/11.xml' }).end());
    server.route('/temporary.xml', (_request, response) => response.writeHead(302, { location: '/feeds/12.xml' }).end());
    const moved = await seed('/old-home.xml');
    const temporary = await seed('/temporary.xml');
    const gone = await seed('/status/410');
    const reports = new Map((await poller.pollAll()).map((report) => [report.id, report]));
    expect(reports.get(moved.id)).toMatchObject({ status: 'updated', added: 5, movedTo: server.url('/feeds/11.xml') });
    expect((await sources.get(moved.id))!.url).toBe(server.url('/feeds/11.xml'));
    expect(reports.get(temporary.id)!.movedTo).toBeUndefined();
    expect((await sources.get(temporary.id))!.url).toBe(server.url('/temporary.xml'));
    expect(reports.get(gone.id)).toMatchObject({ status: 'failed', paused: true });
    expect(await sources.get(gone.id)).toMatchObject({ paused: true, lastError: expect.stringMatching(/HTTP 410 \(gone\); paused/) });
    // The moved feed is now polled at its new address, without the redirects.
    const before = server.hits('/old-home.xml');
    expect((await poller.pollAll()).map((report) => report.status).sort()).toEqual(['not_modified', 'not_modified']);
    expect(server.hits('/old-home.xml')).toBe(before);
  });

  it('skips paused sources', async () => {
    const { poller, service } = await setup();
    const { source } = await service.add(server.url('/feed.json'), {});
    await service.setPaused(source.id, true);
    expect(await poller.pollAll()).toEqual([]);
    await service.setPaused(source.url, false);
    expect(await poller.pollAll()).toHaveLength(1);
  });

  it('polls on the cron schedule until stopped', async () => {
    const { sources, store, seed } = await setup();
    await seed('/feeds/7.xml');
    const polling = startSourcePolling({ sources, store, fetcher, config: { POLL_SCHEDULE: '* * * * * *', POLL_CONCURRENCY: 2 }, logger: silentLogger() });
    try {
      const deadline = Date.now() + 8_000;
      while (server.hits('/feeds/7.xml') === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.hits('/feeds/7.xml')).toBeGreaterThan(0);
    } finally {
      await polling.stop();
    }
    const hits = server.hits('/feeds/7.xml');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(server.hits('/feeds/7.xml')).toBe(hits);
    expect(store.size).toBe(5);
  });
});

afterEach(() => {
  server.serve('/flaky.xml', { body: 'oops', status: 500 });
});
