import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { createSafeFetcher, type SafeFetchOptions } from '../../src/net/safe-fetch.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

let server: FeedServer;
const connects: Array<{ hostname: string; address: string }> = [];

const base: SafeFetchOptions = {
  timeoutMs: 2_000,
  maxBytes: 1_000_000,
  maxRedirects: 5,
  userAgent: 'newsbrief-test/1.0 (+https://example.invalid)',
  allowNetworks: ['127.0.0.1/32'],
  onConnect: (target) => connects.push(target),
};

async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected the fetch to fail');
}

async function withFetcher<T>(overrides: Partial<SafeFetchOptions>, work: (fetcher: ReturnType<typeof createSafeFetcher>) => Promise<T>): Promise<T> {
  const fetcher = createSafeFetcher({ ...base, ...overrides });
  try {
    return await work(fetcher);
  } finally {
    await fetcher.close();
  }
}

beforeAll(async () => {
  server = await startFeedServer({ slowMs: 6_000, hugeBytes: 32 * 1024 * 1024 });
});
afterAll(async () => {
  await server.close();
});

describe('safe fetch: the ordinary case', () => {
  it('gets a feed with a real User-Agent and Accept header, and returns its validators', async () => {
    await withFetcher({}, async (fetcher) => {
      const doc = await fetcher.fetch(server.url('/feed.xml'), { accept: 'feed' });
      expect(doc.status).toBe(200);
      expect(doc.body.toString()).toContain('<rss');
      expect(doc.contentType).toMatch(/^application\/rss\+xml/);
      expect(doc.etag).toBe('"rss-v1"');
      expect(doc.lastModified).toBe('Fri, 20 Nov 2026 08:00:00 GMT');
      expect(doc.finalUrl).toBe(server.url('/feed.xml'));
      const seen = server.requests.findLast((entry) => entry.path === '/feed.xml')!;
      expect(seen.headers['user-agent']).toBe(base.userAgent);
      expect(seen.headers.accept).toMatch(/application\/rss\+xml/);
    });
  });

  it('sends conditional requests and turns 304 into an empty body', async () => {
    await withFetcher({}, async (fetcher) => {
      const byEtag = await fetcher.fetch(server.url('/feed.xml'), { accept: 'feed', etag: '"rss-v1"' });
      expect(byEtag).toMatchObject({ status: 304, etag: '"rss-v1"' });
      expect(byEtag.body.length).toBe(0);
      expect(server.requests.findLast((entry) => entry.path === '/feed.xml')!.headers['if-none-match']).toBe('"rss-v1"');
      const byDate = await fetcher.fetch(server.url('/atom.xml'), { accept: 'feed', lastModified: 'Fri, 20 Nov 2026 08:00:00 GMT' });
      expect(byDate.status).toBe(304);
      const changed = await fetcher.fetch(server.url('/feed.xml'), { accept: 'feed', etag: '"rss-v0"' });
      expect(changed.status).toBe(200);
    });
  });

  it('decompresses gzip bodies', async () => {
    await withFetcher({}, async (fetcher) => {
      const doc = await fetcher.fetch(server.url('/gzip-feed.xml'), { accept: 'feed' });
      expect(doc.body.toString()).toContain('Rail strike ends after pay deal');
    });
  });

  it('reports HTTP errors and a server that is not there', async () => {
    await withFetcher({}, async (fetcher) => {
      expect((await failure(fetcher.fetch(server.url('/status/404')))).message).toMatch(/answered HTTP 404 \(not found\)/);
      const busy = await failure(fetcher.fetch(server.url('/status/503')));
      expect(busy.context).toMatchObject({ status: 503, retryAfterMs: 120_000 });
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as { port: number }).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      expect((await failure(fetcher.fetch(`http://127.0.0.1:${port}/feed.xml`))).message).toMatch(/connection refused/);
    });
  });
});

describe('safe fetch: addresses', () => {
  it('refuses loopback unless allowed, without opening a connection', async () => {
    const before = server.connections();
    connects.length = 0;
    await withFetcher({ allowNetworks: [] }, async (fetcher) => {
      const error = await failure(fetcher.fetch(server.url('/feed.xml')));
      expect(error.message).toBe('refused: 127.0.0.1 is a loopback address (set FETCH_ALLOW_PRIVATE_NETWORKS=127.0.0.1/32 to allow)');
      const byName = await failure(fetcher.fetch(server.url('/feed.xml').replace('127.0.0.1', 'localhost')));
      expect(byName.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
      // Other spellings of the same host: decimal, hex, IPv4-mapped IPv6.
      const port = new URL(server.origin).port;
      for (const host of ['2130706433', '0x7f.1', '[::ffff:127.0.0.1]', '[::1]', '0.0.0.0']) {
        expect((await failure(fetcher.fetch(`http://${host}:${port}/feed.xml`))).message).toMatch(/^refused: .* is an? (loopback|unspecified)/);
      }
    });
    expect(server.connections()).toBe(before);
    expect(connects).toEqual([]);
  });

  it('checks every address a name resolves to and connects to the checked one', async () => {
    connects.length = 0;
    const port = new URL(server.origin).port;
    const resolve = async (name: string) => (name === 'mixed.test' ? ['127.0.0.1', '10.0.0.7'] : name === 'feeds.test' ? ['127.0.0.1'] : []);
    await withFetcher({ resolve }, async (fetcher) => {
      const error = await failure(fetcher.fetch(`http://mixed.test:${port}/feed.xml`));
      expect(error.message).toMatch(/^refused: mixed\.test resolves to 10\.0\.0\.7, which is a private address \(set FETCH_ALLOW_PRIVATE_NETWORKS=10\.0\.0\.7\/32 to allow\)$/);
      expect(connects).toEqual([]);
      const doc = await fetcher.fetch(`http://feeds.test:${port}/feed.xml`, { accept: 'feed' });
      expect(doc.status).toBe(200);
      expect(connects).toEqual([{ hostname: 'feeds.test', address: '127.0.0.1', port: Number(port) }]);
      expect(server.requests.at(-1)!.headers.host).toBe(`feeds.test:${port}`);
      expect((await failure(fetcher.fetch(`http://nowhere.test:${port}/`))).message).toMatch(/cannot resolve nowhere\.test/);
    });
  });
});

describe('safe fetch: redirects', () => {
  it('follows a chain within the cap and refuses one beyond it', async () => {
    await withFetcher({ maxRedirects: 3 }, async (fetcher) => {
      const doc = await fetcher.fetch(server.url('/redirect/3'), { accept: 'feed' });
      expect(doc.finalUrl).toBe(server.url('/feed.xml'));
      expect(doc.body.toString()).toContain('<rss');
      // The chain mixes 301 and 302, so the feed has not moved for good.
      expect(doc.permanentUrl).toBeUndefined();
      const error = await failure(fetcher.fetch(server.url('/redirect/4')));
      expect(error.message).toMatch(/too many redirects \(more than 3, FETCH_MAX_REDIRECTS\)/);
    });
  });

  it('stops a loop', async () => {
    await withFetcher({}, async (fetcher) => {
      expect((await failure(fetcher.fetch(server.url('/loop/a')))).message).toMatch(/^redirect loop: .*\/loop\/b leads back to .*\/loop\/a$/);
    });
  });

  it('refuses a redirect to a private address before connecting to it', async () => {
    connects.length = 0;
    await withFetcher({}, async (fetcher) => {
      const error = await failure(fetcher.fetch(server.url('/to-private')));
      expect(error.message).toBe('refused: 10.0.0.1 is a private address (set FETCH_ALLOW_PRIVATE_NETWORKS=10.0.0.1/32 to allow)');
      const mapped = await failure(fetcher.fetch(server.url('/to-mapped-private')));
      expect(mapped.message).toMatch(/^refused: ::ffff:a00:1 is a private \(IPv4-mapped form of 10\.0\.0\.1\) address/);
      expect((await failure(fetcher.fetch(server.url('/to-file')))).message).toMatch(/refused: file: URLs are not fetched/);
    });
    // Only the loopback hops connected; nothing ever went towards 10.0.0.1.
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((target) => target.address === '127.0.0.1')).toBe(true);
  });

  it('refuses bad URLs outright', async () => {
    await withFetcher({}, async (fetcher) => {
      expect((await failure(fetcher.fetch('ftp://127.0.0.1/feed.xml'))).message).toMatch(/only http:\/\/ and https:\/\//);
      expect((await failure(fetcher.fetch(server.url('/feed.xml').replace('http://', 'http://me:secret@')))).message).toMatch(/user name or password/);
      expect((await failure(fetcher.fetch('not a url'))).message).toMatch(/is not a URL/);
    });
  });
});

describe('safe fetch: limits', () => {
  it('stops reading a streamed body at the byte cap', async () => {
    await withFetcher({ maxBytes: 200_000 }, async (fetcher) => {
      const started = Date.now();
      const error = await failure(fetcher.fetch(server.url('/huge')));
      expect(error.message).toBe(`page larger than 200000 bytes (FETCH_MAX_BYTES) at ${server.url('/huge')}`);
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });

  it('refuses a declared length over the cap without reading the body', async () => {
    await withFetcher({ maxBytes: 200_000 }, async (fetcher) => {
      const started = Date.now();
      expect((await failure(fetcher.fetch(server.url('/huge-declared')))).message).toMatch(/^page larger than 200000 bytes/);
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });

  it('counts decompressed bytes, so a compression bomb stops at the cap too', async () => {
    server.serve('/bomb.xml', { body: gzipSync(Buffer.alloc(20_000_000, ' ')), contentType: 'application/rss+xml' });
    server.route('/bomb.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20_000_000, ' ')));
    });
    await withFetcher({ maxBytes: 500_000 }, async (fetcher) => {
      expect((await failure(fetcher.fetch(server.url('/bomb.xml')))).message).toMatch(/^page larger than 500000 bytes/);
    });
  });

  it('times out on slow headers and on a slow body', async () => {
    await withFetcher({ timeoutMs: 300 }, async (fetcher) => {
      for (const path of ['/slow-headers', '/slow-body']) {
        const started = Date.now();
        const error = await failure(fetcher.fetch(server.url(path)));
        expect(error.message).toBe(`timed out after 300 ms (FETCH_TIMEOUT_MS) fetching ${server.url(path)}`);
        expect(Date.now() - started).toBeLessThan(3_000);
      }
    });
  });

  it('checks the content type against what the caller expects', async () => {
    await withFetcher({}, async (fetcher) => {
      expect((await failure(fetcher.fetch(server.url('/image.png'), { accept: 'feed' }))).message).toBe(`refused: ${server.url('/image.png')} is image/png, not a feed (RSS, Atom or JSON Feed)`);
      expect((await failure(fetcher.fetch(server.url('/feed-as-pdf'), { accept: 'any' }))).message).toMatch(/is application\/pdf, not a feed or a web page/);
      expect((await failure(fetcher.fetch(server.url('/feed.json'), { accept: 'page' }))).message).toMatch(/is application\/feed\+json, not a web page/);
      expect((await fetcher.fetch(server.url('/article.html'), { accept: 'page' })).status).toBe(200);
      expect((await fetcher.fetch(server.url('/feed.json'), { accept: 'feed' })).status).toBe(200);
    });
  });
});
