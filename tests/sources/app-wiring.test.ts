import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../adapters/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

let server: FeedServer;
let dataDir: string;

beforeAll(async () => {
  server = await startFeedServer();
  dataDir = mkdtempSync(join(tmpdir(), 'newsbrief-app-net-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('App wiring for sources', () => {
  it('builds the fetcher from config, and polling that starts once and stops on close', async () => {
    const config = loadConfig({ env: { DATA_DIR: dataDir, FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32', POLL_SCHEDULE: '0 0 1 1 *', FETCH_USER_AGENT: 'wiring-test/1' } });
    const app = await openApp(config, silentLogger());
    try {
      const { stored } = await app.sources!.add(server.url('/feeds/3.xml'), {});
      expect(stored).toBe(5);
      expect(server.requests.at(-1)!.headers['user-agent']).toBe('wiring-test/1');
      const polling = app.startSourcePolling!();
      expect(app.startSourcePolling!()).toBe(polling);
      const [report] = await polling.pollNow();
      expect(report).toMatchObject({ status: 'not_modified' });
    } finally {
      await app.close();
    }
    const strict = await openApp(loadConfig({ env: { DATA_DIR: dataDir } }), silentLogger());
    try {
      await expect(strict.sources!.add(server.url('/feed.xml'), {})).rejects.toThrow(/refused: 127\.0\.0\.1 is a loopback address/);
      expect((await strict.sources!.list()).map((source) => source.url)).toEqual([server.url('/feeds/3.xml')]);
    } finally {
      await strict.close();
    }
  });
});
