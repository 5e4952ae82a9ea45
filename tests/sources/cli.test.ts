import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

let server: FeedServer;
let dataDir: string;

beforeAll(async () => {
  server = await startFeedServer();
  dataDir = mkdtempSync(join(tmpdir(), 'newsbrief-cli-net-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}-json`, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCliCaptured(args, { DATA_DIR: dataDir, LOG_LEVEL: 'silent', FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32', FETCH_TIMEOUT_MS: '2000', ...env });

describe('CLI over the network', () => {
  it('ingests a feed URL and an article page, and refuses loopback unless allowed', async () => {
    const feed = await cli(['ingest', server.url('/feed.xml')]);
    expect(feed.code).toBe(0);
    expect(feed.out).toMatch(/^added {6}\w{12} {2}Rail strike ends after pay deal$/m);
    expect(feed.out).toMatch(/3 added, 0 duplicates, 0 errors/);
    const again = await cli(['ingest', server.url('/feed.xml')]);
    expect(again.out).toMatch(/0 added, 3 duplicates, 0 errors/);

    const page = await cli(['ingest', server.url('/article.html')]);
    expect(page.out).toMatch(/^added .*Council approves the new tram line$/m);

    const refused = await cli(['ingest', server.url('/atom.xml')], { FETCH_ALLOW_PRIVATE_NETWORKS: '' });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`error      ${server.url('/atom.xml')}: refused: 127.0.0.1 is a loopback address (set FETCH_ALLOW_PRIVATE_NETWORKS=127.0.0.1/32 to allow)`);
    expect(server.hits('/atom.xml')).toBe(0);
  });

  it('manages and polls sources', async () => {
    const add = await cli(['sources', 'add', server.url('/feed.json'), '--title', 'JSON Desk']);
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/^Added (\w{8}) {2}JSON Desk {2}http:\/\/127\.0\.0\.1:\d+\/feed\.json$/m);
    // The JSON Feed carries the same stories as the RSS feed ingested above.
    expect(add.out).toMatch(/Stored 0 articles from it now/);
    server.serve('/desk.xml', { body: '<rss version="2.0"><channel><title>Desk</title></channel></rss>', contentType: 'application/rss+xml' });
    expect((await cli(['sources', 'add', server.url('/desk.xml')])).code).toBe(0);

    const list = await cli(['sources', 'list', '--json']);
    const sources = JSON.parse(list.out) as Array<{ id: string; title: string; url: string; paused: boolean; failures: number }>;
    expect(sources.map((source) => source.title)).toEqual(['JSON Desk', 'Desk']);
    const [json, desk] = sources;

    server.serve('/desk.xml', { body: 'not xml at all <', contentType: 'application/rss+xml' });
    const poll = await cli(['sources', 'poll']);
    expect(poll.code).toBe(1);
    expect(poll.out).toMatch(new RegExp(`^${json!.id} {2}not modified {2}JSON Desk`, 'm'));
    expect(poll.out).toMatch(new RegExp(`^${desk!.id} {2}failed {8}Desk: .*\\(failure 1; next try after`, 'm'));
    expect(poll.out).toMatch(/2 feeds polled: 0 new articles, 1 failed/);
    expect((await cli(['sources', 'list'])).out).toMatch(new RegExp(`${desk!.id} {2}failing ×1`));

    expect((await cli(['sources', 'pause', desk!.id])).out).toMatch(/^Paused/);
    expect((await cli(['sources', 'poll'])).out).toMatch(/1 feed polled: 0 new articles, 0 failed/);
    expect((await cli(['sources', 'resume', server.url('/desk.xml')])).out).toMatch(/^Resumed/);
    expect((await cli(['sources', 'remove', desk!.id])).out).toMatch(/^Removed .*Its stored articles stay\./);
    const missing = await cli(['sources', 'remove', desk!.id]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No feed/);
    expect(JSON.parse((await cli(['sources', 'list', '--json'])).out)).toHaveLength(1);
  });

  it('reports the items a new feed could not give, and how many it already had', async () => {
    // Feed items are user input too: a malformed one is named, not silently dropped.
    const add = await cli(['sources', 'add', server.url('/mixed.xml')]);
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/^Stored 0 articles from it now \(2 already stored\); it is polled on POLL_SCHEDULE from now on\.$/m);
    expect(add.out).toMatch(/^Skipped 1 item: item 2 \("Only a title"\): The feed item has no text/m);
    const json = JSON.parse((await cli(['sources', 'add', server.url('/mixed.xml'), '--json'], { DATA_DIR: `${dataDir}-json` })).out) as { stored: number; duplicates: number; skipped: string[] };
    expect(json).toMatchObject({ stored: 2, duplicates: 0, skipped: [expect.stringMatching(/^item 2 \("Only a title"\)/)] });
  });
});
