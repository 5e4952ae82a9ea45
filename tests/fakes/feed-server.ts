import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { prose } from '../fixtures/articles.ts';
import { atomFeed, feedItems, jsonFeed, rssFeed } from '../fixtures/feeds.ts';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A document served with validators, answering 304 when the client already has it. */
export interface ServedDocument {
  body: string | Buffer;
  contentType?: string | undefined;
  etag?: string | undefined;
  lastModified?: string | undefined;
  status?: number | undefined;
  encoding?: 'gzip' | undefined;
}

export interface FeedServerOptions {
  /** How long /slow-headers waits before answering and /slow-body trickles its body. */
  slowMs?: number;
  /** How many bytes /huge streams at most (it stops earlier when the client hangs up). */
  hugeBytes?: number;
}

/**
 * A feed and web server on 127.0.0.1 speaking real HTTP, for fetch, ingest and polling tests.
 * Routes: /feed.xml (RSS with ETag and Last-Modified), /atom.xml, /feed.json, /article.html,
 * /gzip-feed.xml, /malformed.xml, /mixed.xml (one bad item), /image.png, /feed-as-pdf,
 * /redirect/N (a chain of N hops to /feed.xml), /loop/a ↔ /loop/b, /to-private (to
 * http://10.0.0.1/feed.xml), /to-file, /huge (streams past any cap), /huge-declared,
 * /slow-headers, /slow-body, /status/CODE, /feeds/N.xml (a generated feed per N), and any
 * document set with `serve(path, document)`.
 */
export interface FeedServer {
  origin: string;
  url(path: string): string;
  /** Every request seen, in order. */
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  /** TCP connections accepted so far. */
  connections(): number;
  serve(path: string, document: ServedDocument): void;
  route(path: string, handler: Handler): void;
  hits(path: string): number;
  close(): Promise<void>;
}

export function articleHtml(title = 'Council approves the new tram line'): string {
  const paragraphs = [
    'The city council voted on Tuesday to approve the long-delayed tram line linking the harbour to the university district.',
    'Construction is expected to start in the spring and to last three years, according to the transport department.',
    'Opponents said the cost estimates were unrealistic and promised to challenge the decision in court.',
    'Supporters argued that the line would cut car traffic in the centre and serve thousands of commuters every day.',
  ];
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title} | Harbour Ledger</title>
<meta property="og:site_name" content="Harbour Ledger"><link rel="canonical" href="https://harborledger.example/tram-line"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>${title}</h1>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}</article><footer>Share this · Back to News</footer></body></html>`;
}

/** An RSS feed whose items have genuinely different text per `n` (the same every time), for polling many feeds. */
export function numberedFeed(n: number, items = 5): string {
  const entries = Array.from({ length: items }, (_, i) => {
    const paragraphs = prose(1_000_000 + n * 100 + i, 4).split('\n\n').map((text) => `<p>${text}</p>`).join('');
    return `<item><title>Feed ${n} story ${i}: council vote ${n * 100 + i}</title><link>https://feed${n}.example/story-${i}</link>
<guid>https://feed${n}.example/story-${i}</guid><pubDate>${new Date(Date.UTC(2026, 10, 20, 8, i)).toUTCString()}</pubDate>
<content:encoded><![CDATA[${paragraphs}]]></content:encoded></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed ${n}</title><link>https://feed${n}.example/</link>
${entries.join('\n')}
</channel></rss>`;
}

function send(response: ServerResponse, request: IncomingMessage, document: ServedDocument): void {
  if (document.etag !== undefined && request.headers['if-none-match'] === document.etag) {
    response.writeHead(304, { etag: document.etag }).end();
    return;
  }
  if (document.lastModified !== undefined && request.headers['if-modified-since'] === document.lastModified) {
    response.writeHead(304, { 'last-modified': document.lastModified }).end();
    return;
  }
  const headers: Record<string, string> = {};
  if (document.contentType !== undefined) headers['content-type'] = document.contentType;
  if (document.etag !== undefined) headers.etag = document.etag;
  if (document.lastModified !== undefined) headers['last-modified'] = document.lastModified;
  let body = typeof document.body === 'string' ? Buffer.from(document.body) : document.body;
  if (document.encoding === 'gzip') {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  response.writeHead(document.status ?? 200, headers).end(body);
}

export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const slowMs = options.slowMs ?? 5_000;
  const hugeBytes = options.hugeBytes ?? 64 * 1024 * 1024;
  const documents = new Map<string, ServedDocument>();
  const routes = new Map<string, Handler>();
  const requests: FeedServer['requests'] = [];
  const numbered = new Map<number, string>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connectionCount = 0;
  let origin = '';

  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  const mixed = rssFeed(feedItems).replace(/<item><title>Harbour[\s\S]*?<\/item>/, '<item><title>Only a title</title><link>https://wire.example/x</link></item>');
  documents.set('/feed.xml', { body: rssFeed(feedItems), contentType: 'application/rss+xml; charset=utf-8', etag: '"rss-v1"', lastModified: 'Fri, 20 Nov 2026 08:00:00 GMT' });
  documents.set('/atom.xml', { body: atomFeed(feedItems), contentType: 'application/atom+xml', lastModified: 'Fri, 20 Nov 2026 08:00:00 GMT' });
  documents.set('/feed.json', { body: jsonFeed(feedItems), contentType: 'application/feed+json', etag: '"json-v1"' });
  documents.set('/article.html', { body: articleHtml(), contentType: 'text/html; charset=utf-8' });
  documents.set('/gzip-feed.xml', { body: rssFeed(feedItems), contentType: 'application/rss+xml', encoding: 'gzip' });
  documents.set('/malformed.xml', { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Never closed', contentType: 'application/rss+xml' });
  documents.set('/mixed.xml', { body: mixed, contentType: 'application/rss+xml' });
  documents.set('/image.png', { body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), contentType: 'image/png' });
  documents.set('/feed-as-pdf', { body: rssFeed(feedItems), contentType: 'application/pdf' });
  documents.set('/not-a-feed.html', { body: '<!doctype html><html><head><title>Home</title></head><body><p>Welcome to our site.</p></body></html>', contentType: 'text/html' });

  const redirect = (response: ServerResponse, location: string, status = 302) => response.writeHead(status, { location }).end();

  const builtIn = (request: IncomingMessage, response: ServerResponse, path: string): boolean => {
    let match: RegExpMatchArray | null;
    if ((match = path.match(/^\/redirect\/(\d+)$/))) {
      const left = Number(match[1]);
      redirect(response, left <= 1 ? '/feed.xml' : `/redirect/${left - 1}`, left % 2 === 0 ? 301 : 302);
    } else if (path === '/loop/a') redirect(response, '/loop/b');
    else if (path === '/loop/b') redirect(response, `${origin}/loop/a`);
    else if (path === '/to-private') redirect(response, 'http://10.0.0.1/feed.xml');
    else if (path === '/to-mapped-private') redirect(response, 'http://[::ffff:10.0.0.1]/feed.xml');
    else if (path === '/to-file') redirect(response, 'file:///etc/passwd');
    else if (path === '/huge') {
      response.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < hugeBytes && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (!response.destroyed) response.end();
      };
      pump();
    } else if (path === '/huge-declared') {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(hugeBytes) });
      response.write('<html>');
      later(slowMs, () => response.destroy());
    } else if (path === '/slow-headers') {
      later(slowMs, () => send(response, request, documents.get('/feed.xml')!));
    } else if (path === '/slow-body') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      const body = rssFeed(feedItems);
      let at = 0;
      const step = Math.max(1, Math.ceil(body.length / 50));
      const drip = () => {
        if (response.destroyed) return;
        if (at >= body.length) return void response.end();
        response.write(body.slice(at, at + step));
        at += step;
        later(slowMs / 50, drip);
      };
      drip();
    } else if ((match = path.match(/^\/status\/(\d{3})$/))) {
      const status = Number(match[1]);
      response.writeHead(status, status === 429 || status === 503 ? { 'retry-after': '120' } : {}).end(`status ${status}`);
    } else if ((match = path.match(/^\/feeds\/(\d+)\.xml$/))) {
      const n = Number(match[1]);
      let body = numbered.get(n);
      if (body === undefined) numbered.set(n, (body = numberedFeed(n)));
      send(response, request, { body, contentType: 'application/rss+xml', etag: `"feed-${n}"` });
    } else return false;
    return true;
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push({ path, headers: request.headers });
    const route = routes.get(path);
    if (route) return route(request, response);
    const document = documents.get(path);
    if (document) return send(response, request, document);
    if (builtIn(request, response, path)) return;
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.on('connection', (socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    connections: () => connectionCount,
    serve: (path, document) => void documents.set(path, document),
    route: (path, handler) => void routes.set(path, handler),
    hits: (path) => requests.filter((entry) => entry.path === path).length,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
