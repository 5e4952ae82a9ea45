import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import type { Config } from '../config/index.ts';
import { UserError, errorMessage } from '../errors.ts';
import type { DocumentFetcher, FetchedDocument, FetchOptions } from '../ingest/fetcher.ts';
import type { Logger } from '../log.ts';
import { createAllowList, decideAddress } from './address-guard.ts';
import { createGuardedConnector, refusedAddressError, systemResolver, type ConnectObserver, type Resolver } from './guarded-connector.ts';
import { readCapped, tooLargeError } from './read-body.ts';

export interface SafeFetchOptions {
  /** Whole-request deadline: connecting, every redirect hop, headers and body. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** CIDR blocks (or single addresses) allowed although not public, e.g. `127.0.0.1/32`. */
  allowNetworks?: readonly string[] | undefined;
  /** DNS; the system resolver by default. Tests map names to loopback addresses. */
  resolve?: Resolver | undefined;
  /** Certificates (PEM) to trust besides the system's roots, e.g. an intranet CA. */
  extraCaCerts?: readonly string[] | undefined;
  /** Called just before each socket opens, with the checked address (for logs and tests). */
  onConnect?: ConnectObserver | undefined;
  logger?: Logger | undefined;
}

/** A `DocumentFetcher` that holds connections open; `close()` releases them. */
export interface SafeFetcher extends DocumentFetcher {
  close(): Promise<void>;
}

/** The fetch rules from the configuration. */
export function safeFetchOptions(config: Pick<Config, 'FETCH_TIMEOUT_MS' | 'FETCH_MAX_BYTES' | 'FETCH_MAX_REDIRECTS' | 'FETCH_USER_AGENT' | 'FETCH_ALLOW_PRIVATE_NETWORKS'>): SafeFetchOptions {
  return {
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    userAgent: config.FETCH_USER_AGENT,
    allowNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
  };
}

const acceptHeaders: Readonly<Record<NonNullable<FetchOptions['accept']>, string>> = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1',
  page: 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1',
  any: 'text/html, application/rss+xml, application/atom+xml, application/feed+json, application/xhtml+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/*;q=0.5, */*;q=0.1',
};

const acceptedTypes: Readonly<Record<NonNullable<FetchOptions['accept']>, { test: RegExp; what: string }>> = {
  feed: { test: /xml|json|^text\//, what: 'a feed (RSS, Atom or JSON Feed)' },
  page: { test: /^text\/|html/, what: 'a web page (HTML or text)' },
  any: { test: /xml|json|html|^text\//, what: 'a feed or a web page' },
};

const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('bad_url', `"${raw.slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError('bad_url', `refused: ${url.protocol} URLs are not fetched, only http:// and https://`);
  if (url.username || url.password) throw new UserError('bad_url', 'refused: URLs with a user name or password are not fetched');
  url.hash = '';
  return url;
}

function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The first `UserError` in an error's cause chain (undici wraps connector errors at times). */
function userErrorIn(error: unknown): UserError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    if (current instanceof UserError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkError(error: unknown, url: string): UserError {
  const code = (error as { code?: string }).code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'the server closed the connection',
  };
  const reason = (code && reasons[code]) ?? errorMessage(error);
  return new UserError('fetch_failed', `cannot fetch ${url}: ${reason}`, { cause: error, context: { url } });
}

/**
 * Fetches feeds and pages under the safety rules: http(s) only; every address checked
 * (literal or resolved) before a socket opens, on every redirect hop; redirects followed
 * by hand up to a cap; one deadline for the whole exchange; a byte cap enforced while the
 * body streams; the content type checked against what the caller expects; conditional
 * requests answered by 304 come back with an empty body.
 *
 * @example
 * const fetcher = createSafeFetcher(safeFetchOptions(config));
 * const doc = await fetcher.fetch('https://example.com/feed.xml', { accept: 'feed', etag });
 * if (doc.status === 304) console.log('unchanged');
 */
export function createSafeFetcher(options: SafeFetchOptions): SafeFetcher {
  const allowList = createAllowList(options.allowNetworks ?? []);
  const agent = new Agent({
    connect: createGuardedConnector({
      allowList,
      resolve: options.resolve ?? systemResolver,
      connectTimeoutMs: options.timeoutMs,
      onConnect: options.onConnect,
      ca: options.extraCaCerts?.length ? [...rootCertificates, ...options.extraCaCerts] : undefined,
    }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });

  async function fetchOnce(url: URL, fetchOptions: FetchOptions, signal: AbortSignal) {
    // Literal addresses are refused here, before the pool is even asked for a connection.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0) {
      const decision = decideAddress(host, allowList);
      if (!decision.allowed) throw refusedAddressError(host, decision.address, decision.range);
    }
    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: acceptHeaders[fetchOptions.accept ?? 'any'],
      'accept-encoding': 'gzip, deflate, br',
    };
    if (fetchOptions.etag) headers['if-none-match'] = fetchOptions.etag;
    if (fetchOptions.lastModified) headers['if-modified-since'] = fetchOptions.lastModified;
    return request(url, { method: 'GET', headers, signal, dispatcher: agent });
  }

  async function run(target: string, fetchOptions: FetchOptions, signal: AbortSignal): Promise<FetchedDocument> {
    let url = checkUrl(target);
    const visited = new Set<string>();
    let permanent = true;
    for (let hop = 0; ; hop += 1) {
      visited.add(url.href);
      const response = await fetchOnce(url, fetchOptions, signal);
      const status = response.statusCode;
      const etag = header(response.headers, 'etag');
      const lastModified = header(response.headers, 'last-modified');
      if (redirectStatuses.has(status)) {
        await response.body.dump();
        const location = header(response.headers, 'location');
        if (!location) throw new UserError('bad_redirect', `${url.href} redirects (HTTP ${status}) without saying where`);
        if (hop >= options.maxRedirects) throw new UserError('too_many_redirects', `too many redirects (more than ${options.maxRedirects}, FETCH_MAX_REDIRECTS) from ${target}`);
        const next = checkUrl(new URL(location, url).href);
        if (visited.has(next.href)) throw new UserError('redirect_loop', `redirect loop: ${url.href} leads back to ${next.href}`);
        options.logger?.debug({ from: url.href, to: next.href, status }, 'following redirect');
        permanent &&= status === 301 || status === 308;
        url = next;
        continue;
      }
      const base = { finalUrl: url.href, permanentUrl: hop > 0 && permanent ? url.href : undefined, status, etag: etag ?? fetchOptions.etag, lastModified: lastModified ?? fetchOptions.lastModified };
      if (status === 304) {
        await response.body.dump();
        return { ...base, body: Buffer.alloc(0) };
      }
      if (status < 200 || status >= 300) {
        await response.body.dump();
        const retryAfter = status === 429 || status === 503 ? retryAfterMs(header(response.headers, 'retry-after'), Date.now()) : undefined;
        throw new UserError('http_status', `${url.href} answered HTTP ${status}${status === 404 ? ' (not found)' : status === 410 ? ' (gone)' : ''}`, { context: { url: url.href, status, retryAfterMs: retryAfter } });
      }
      const contentType = header(response.headers, 'content-type');
      const type = contentType?.split(';')[0]?.trim().toLowerCase();
      const expected = acceptedTypes[fetchOptions.accept ?? 'any'];
      if (type && !expected.test.test(type)) {
        await response.body.dump();
        throw new UserError('content_type', `refused: ${url.href} is ${type}, not ${expected.what}`, { context: { url: url.href, contentType: type } });
      }
      const declared = Number(header(response.headers, 'content-length'));
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        response.body.destroy();
        throw tooLargeError(options.maxBytes, url.href);
      }
      const body = await readCapped(response.body, { maxBytes: options.maxBytes, contentEncoding: header(response.headers, 'content-encoding'), url: url.href });
      return { ...base, body, contentType };
    }
  }

  return {
    async fetch(target, fetchOptions = {}) {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = fetchOptions.signal ? AbortSignal.any([deadline, fetchOptions.signal]) : deadline;
      try {
        return await run(target, fetchOptions, signal);
      } catch (error) {
        if (deadline.aborted) throw new UserError('timeout', `timed out after ${options.timeoutMs} ms (FETCH_TIMEOUT_MS) fetching ${target}`, { cause: error, context: { url: target } });
        const known = userErrorIn(error);
        if (known) throw known;
        if (fetchOptions.signal?.aborted) throw error;
        const code = (error as { code?: string }).code;
        if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
          throw new UserError('timeout', `timed out after ${options.timeoutMs} ms (FETCH_TIMEOUT_MS) fetching ${target}`, { cause: error, context: { url: target } });
        }
        throw networkError(error, target);
      }
    },
    close: () => agent.close(),
  };
}
