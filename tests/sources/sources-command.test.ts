import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createCommandRunner } from '../../commands/dispatch.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { SourcesPort } from '../../commands/deps.ts';
import type { Caller, ChatContext } from '../../commands/types.ts';
import { silentLogger } from '../../src/log.ts';
import { createSafeFetcher, type SafeFetcher } from '../../src/net/safe-fetch.ts';
import { createSourceStore } from '../../src/sources/source-store.ts';
import { createSourcesService } from '../../src/sources/sources-service.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { makeCommandDeps } from '../fakes/command-deps.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const chat: ChatContext = { platform: 'telegram', chatId: '42', kind: 'group', title: 'Newsroom' };
const moderator: Caller = { id: 'm1', name: 'Mo', role: 'moderator' };

let server: FeedServer;
let fetcher: SafeFetcher;
let strictFetcher: SafeFetcher;

beforeAll(async () => {
  server = await startFeedServer();
  const limits = { timeoutMs: 2_000, maxBytes: 1_000_000, maxRedirects: 3, userAgent: 'newsbrief-test' };
  fetcher = createSafeFetcher({ ...limits, allowNetworks: ['127.0.0.1/32'] });
  strictFetcher = createSafeFetcher(limits);
});
afterAll(async () => {
  await fetcher.close();
  await strictFetcher.close();
  await server.close();
});

async function setup(useFetcher: SafeFetcher = fetcher) {
  const backend = await openKeyvBackend({ memory: true });
  const { deps } = await makeCommandDeps();
  const sourceStore = createSourceStore({ backend });
  const sources = createSourcesService({ sources: sourceStore, store: deps.articles, fetcher: useFetcher, now: deps.now }) satisfies SourcesPort;
  deps.sources = sources;
  const runner = createCommandRunner({ commands, commandDeps: deps, rateLimiter: createRateLimiter({ policies: {}, now: Date.now }), logger: silentLogger() });
  const run = async (text: string) => runner.run({ name: 'sources', text, chat, caller: moderator });
  return { run, deps, sourceStore };
}

const textOf = (reply: { title?: string; paragraphs?: string[]; items?: Array<{ title: string; meta?: string }> }) =>
  [reply.title, ...(reply.paragraphs ?? []), ...(reply.items ?? []).map((item) => `${item.title} ${item.meta ?? ''}`)].filter(Boolean).join('\n');

describe('/sources with the real service', () => {
  it('adds a feed, stores its items at once, lists, pauses, resumes and removes it', async () => {
    const { run, deps, sourceStore } = await setup();
    expect(textOf(await run('list'))).toMatch(/No feeds yet/);

    const added = textOf(await run(`add ${server.url('/feed.xml')}`));
    expect(added).toMatch(/Added Example Wire\./);
    expect(added).toMatch(/Stored 3 articles from it now/);
    expect(deps.articles.size).toBe(3);
    const [stored] = await sourceStore.list();
    expect(stored).toMatchObject({ url: server.url('/feed.xml'), addedBy: 'm1', itemCount: 3 });

    expect(textOf(await run('list'))).toMatch(new RegExp(`${stored!.id} · Example Wire · ok · 3 articles`));
    expect(textOf(await run(`add ${server.url('/feed.xml')}`))).toMatch(new RegExp(`already added as ${stored!.id}`));

    expect(textOf(await run(`pause ${stored!.id}`))).toMatch(/Paused Example Wire/);
    expect(textOf(await run('list'))).toMatch(/· paused/);
    expect(textOf(await run(`resume ${server.url('/feed.xml')}`))).toMatch(/Resumed Example Wire/);
    expect(textOf(await run(`remove ${stored!.id.slice(0, 5)}`))).toMatch(/Removed Example Wire\. Its stored articles stay\./);
    expect(await sourceStore.list()).toEqual([]);
    expect(deps.articles.size).toBe(3);
    expect(textOf(await run('remove abcdef12'))).toMatch(/No feed "abcdef12"/);
  });

  it('names the items of a new feed it had to skip', async () => {
    const { run } = await setup();
    const added = textOf(await run(`add ${server.url('/mixed.xml')}`));
    expect(added).toMatch(/Stored 2 articles from it now/);
    expect(added).toMatch(/Skipped 1 item: item 2 \("Only a title"\): The feed item has no text/);
  });

  it('follows a web page to the feed it names, and refuses pages that name none', async () => {
    const { run, sourceStore } = await setup();
    server.serve('/home.html', { body: '<!doctype html><html><head><link rel="alternate" type="application/atom+xml" title="News" href="/atom.xml"></head><body>Home</body></html>', contentType: 'text/html' });
    expect(textOf(await run(`add ${server.url('/home.html')}`))).toMatch(/Added Atom Daily/);
    expect((await sourceStore.list())[0]!.url).toBe(server.url('/atom.xml'));
    expect(textOf(await run(`add ${server.url('/not-a-feed.html')}`))).toMatch(/is a web page, not a feed/);
  });

  it('explains bad URLs, refused addresses and broken feeds, and adds nothing', async () => {
    const { run, sourceStore } = await setup(strictFetcher);
    expect(textOf(await run('add ftp://example.com/feed'))).toMatch(/must start with http:\/\/ or https:\/\//);
    expect(textOf(await run(`add ${server.url('/feed.xml')}`))).toMatch(/^Could not add http:\/\/127\.0\.0\.1:\d+\/feed\.xml: refused: 127\.0\.0\.1 is a loopback address \(set FETCH_ALLOW_PRIVATE_NETWORKS=127\.0\.0\.1\/32 to allow\)/);
    const open = await setup();
    expect(textOf(await open.run(`add ${server.url('/malformed.xml')}`))).toMatch(/not well-formed|Not a feed/);
    expect(textOf(await open.run(`add ${server.url('/image.png')}`))).toMatch(/is image\/png, not a feed/);
    expect(await sourceStore.list()).toEqual([]);
    expect(await open.sourceStore.list()).toEqual([]);
  });
});
