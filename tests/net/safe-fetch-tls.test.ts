import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { createSafeFetcher, type SafeFetcher } from '../../src/net/safe-fetch.ts';
import { rssFeed, feedItems } from '../fixtures/feeds.ts';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A certificate for the name feeds.test, made here; the server listens on loopback only. */
function makeCertificate(dir: string): { key: string; cert: string } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=feeds.test', '-addext', 'subjectAltName=DNS:feeds.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

describe.skipIf(!hasOpenssl())('safe fetch over HTTPS', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let fetcher: SafeFetcher;
  const connects: Array<{ hostname: string; address: string }> = [];
  let sni: string | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'newsbrief-tls-'));
    const { key, cert } = makeCertificate(dir);
    server = createServer({ key, cert }, (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(feedItems)));
    server.on('secureConnection', (socket) => (sni = (socket as unknown as { servername?: string }).servername));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    fetcher = createSafeFetcher({
      timeoutMs: 2_000,
      maxBytes: 1_000_000,
      maxRedirects: 2,
      userAgent: 'newsbrief-test',
      allowNetworks: ['127.0.0.1/32'],
      extraCaCerts: [cert],
      resolve: async (name) => (name.endsWith('.test') ? ['127.0.0.1'] : []),
      onConnect: (target) => connects.push(target),
    });
  });
  afterAll(async () => {
    await fetcher.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects to the checked address but verifies the certificate against the host name', async () => {
    const doc = await fetcher.fetch(`https://feeds.test:${port}/feed.xml`, { accept: 'feed' });
    expect(doc.status).toBe(200);
    expect(doc.body.toString()).toContain('Rail strike ends after pay deal');
    expect(sni).toBe('feeds.test');
    expect(connects.at(-1)).toMatchObject({ hostname: 'feeds.test', address: '127.0.0.1' });
  });

  it('refuses a certificate for another name', async () => {
    for (const url of [`https://other.test:${port}/feed.xml`, `https://127.0.0.1:${port}/feed.xml`]) {
      const error = await fetcher.fetch(url).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(/^cannot fetch .*(does not match|altnames|certificate)/i);
    }
  });
});
