import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/log.ts';
import { createSafeFetcher } from '../src/net/safe-fetch.ts';
import { createSourcePoller, type SourcePollReport } from '../src/sources/poller.ts';
import { createSourceStore, sourceIdFor } from '../src/sources/source-store.ts';
import { openArticleStore } from '../src/store/article-store.ts';
import { openKeyvBackend } from '../src/store/keyv-backend.ts';
import { startFeedServer } from '../tests/fakes/feed-server.ts';
import { percentile, printTable } from './table.ts';
import type { Bench } from './run.ts';

function flagValue(flags: readonly string[], name: string): string | undefined {
  const index = flags.indexOf(name);
  return index >= 0 ? flags[index + 1] : undefined;
}

/** One round of polls over `feeds` sources on a fresh embedded store: a cold poll (all new), then a warm one (all 304). */
async function measure(feeds: number, concurrency: number, origin: string): Promise<Array<Array<string | number>>> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-poll-bench-'));
  const fetcher = createSafeFetcher({ timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, userAgent: 'newsbrief-bench', allowNetworks: ['127.0.0.1/32'] });
  const backend = await openKeyvBackend({ dataDir: dir });
  try {
    const store = await openArticleStore({ backend });
    const sources = createSourceStore({ backend });
    for (let n = 0; n < feeds; n += 1) {
      const url = `${origin}/feeds/${n}.xml`;
      await sources.put({ id: sourceIdFor(url), url, paused: false, failures: 0, itemCount: 0, addedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, n)).toISOString() });
    }
    const poller = createSourcePoller({ sources, store, fetcher, concurrency, logger: silentLogger() });
    const rows: Array<Array<string | number>> = [];
    for (const round of ['cold (all new)', 'warm (all 304)']) {
      const started = performance.now();
      const reports: SourcePollReport[] = await poller.pollAll();
      const seconds = (performance.now() - started) / 1000;
      const added = reports.reduce((sum, report) => sum + report.added, 0);
      const failed = reports.filter((report) => report.status === 'failed').length;
      const ms = reports.map((report) => report.ms);
      rows.push([round, feeds, concurrency, added, failed, seconds, Math.round(feeds / seconds), Math.round(added / seconds), percentile(ms, 50), percentile(ms, 95)]);
    }
    return rows;
  } finally {
    await fetcher.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls N feeds (5 distinct articles each) from the loopback fake feed server through the real safe fetcher, poller and sqlite store. */
export const feedPollBench: Bench = {
  name: 'Feed polling',
  async run(flags) {
    const feeds = Number(flagValue(flags, '--feeds') ?? 200);
    const server = await startFeedServer();
    try {
      const rows: Array<Array<string | number>> = [];
      for (const concurrency of [4, 16]) rows.push(...(await measure(feeds, concurrency, server.origin)));
      printTable(`Polling ${feeds} feeds from a loopback server (server in the same process)`, ['round', 'feeds', 'concurrency', 'articles added', 'failed', 'seconds', 'feeds/s', 'articles/s', 'p50 ms/feed', 'p95 ms/feed'], rows);
    } finally {
      await server.close();
    }
  },
};
