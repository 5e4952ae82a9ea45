import cron from 'node-cron';
import type { Config } from '../config/index.ts';
import { UserError, errorMessage } from '../errors.ts';
import type { DocumentFetcher } from '../ingest/fetcher.ts';
import type { Logger } from '../log.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { fetchFeed, storeFeedItems } from './fetch-feed.ts';
import type { FeedSource, SourceStore } from './source-store.ts';

/** What one poll did to one source: a line of `sources poll`. */
export interface SourcePollReport {
  id: string;
  url: string;
  title?: string | undefined;
  status: 'updated' | 'not_modified' | 'failed';
  added: number;
  duplicates: number;
  /** Items of an otherwise good feed that could not be stored. */
  itemErrors: string[];
  error?: string | undefined;
  /** The feed's new address, when it moved permanently (the source now uses it). */
  movedTo?: string | undefined;
  /** Set when the feed is gone (HTTP 410) and the source was paused. */
  paused?: boolean | undefined;
  failures: number;
  nextAttemptAt?: string | undefined;
  ms: number;
}

export interface BackoffOptions {
  /** Wait after the first failure; doubles with each failure in a row. */
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 10 * 60_000, maxMs: 6 * 3600_000 };

/** How long to leave a source alone after `failures` failures in a row (a server's Retry-After wins if longer, up to a day). */
export function backoffDelay(failures: number, backoff: BackoffOptions, retryAfterMs?: number): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return retryAfterMs === undefined ? exponential : Math.max(exponential, Math.min(retryAfterMs, 24 * 3600_000));
}

export interface SourcePollerDeps {
  sources: SourceStore;
  store: ArticleStore;
  fetcher: DocumentFetcher;
  /** Sources fetched at once. */
  concurrency: number;
  logger: Logger;
  now?: (() => Date) | undefined;
  backoff?: BackoffOptions | undefined;
}

export interface SourcePoller {
  /** Polls active sources whose backoff has passed. */
  pollDue(): Promise<SourcePollReport[]>;
  /** Polls every active source now, backoff or not (an operator asked). */
  pollAll(): Promise<SourcePollReport[]>;
  pollOne(source: FeedSource): Promise<SourcePollReport>;
}

async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Polls feed sources: conditional requests with the stored validators, new items stored
 * with the feed's id, exponential backoff per source after failures. One source failing
 * (unreachable, refused, malformed) is recorded on that source and never stops the others.
 */
export function createSourcePoller(deps: SourcePollerDeps): SourcePoller {
  const now = deps.now ?? (() => new Date());
  const backoff = deps.backoff ?? defaultBackoff;

  async function pollOne(source: FeedSource): Promise<SourcePollReport> {
    const started = performance.now();
    const base = { id: source.id, url: source.url, title: source.title, added: 0, duplicates: 0, itemErrors: [] as string[] };
    try {
      const result = await fetchFeed(source.url, deps.fetcher, { etag: source.etag, lastModified: source.lastModified });
      const at = now().toISOString();
      const movedTo = result.permanentUrl !== undefined && result.permanentUrl !== source.url ? result.permanentUrl : undefined;
      const url = (current: FeedSource) => movedTo ?? current.url;
      if (movedTo) deps.logger.info({ sourceId: source.id, from: source.url, to: movedTo }, 'feed moved permanently');
      if (result.status === 'not_modified') {
        await deps.sources.update(source.id, (current) => ({ ...current, url: url(current), failures: 0, lastError: undefined, nextAttemptAt: undefined, lastSuccessAt: at, lastCheckedAt: at, etag: result.etag ?? current.etag, lastModified: result.lastModified ?? current.lastModified }));
        return { ...base, status: 'not_modified', movedTo, failures: 0, ms: performance.now() - started };
      }
      const stored = await storeFeedItems(result.items, source.id, deps.store);
      await deps.sources.update(source.id, (current) => ({
        ...current,
        url: url(current),
        title: current.title ?? result.title,
        failures: 0,
        lastError: undefined,
        nextAttemptAt: undefined,
        lastSuccessAt: at,
        lastCheckedAt: at,
        etag: result.etag,
        lastModified: result.lastModified,
        itemCount: current.itemCount + stored.added,
      }));
      if (stored.errors.length > 0) deps.logger.warn({ sourceId: source.id, errors: stored.errors }, 'feed items skipped');
      return { ...base, title: source.title ?? result.title, status: 'updated', movedTo, added: stored.added, duplicates: stored.duplicates, itemErrors: stored.errors, failures: 0, ms: performance.now() - started };
    } catch (error) {
      // A feed that says it is gone for good stops being polled until someone resumes it.
      const gone = error instanceof UserError && error.code === 'http_status' && error.context.status === 410;
      const message = gone ? `${errorMessage(error)}; paused (resume it if the feed comes back)` : errorMessage(error);
      const failures = source.failures + 1;
      const retryAfter = error instanceof UserError ? (error.context.retryAfterMs as number | undefined) : undefined;
      const at = now();
      const nextAttemptAt = new Date(at.getTime() + backoffDelay(failures, backoff, retryAfter)).toISOString();
      const updated = await deps.sources.update(source.id, (current) => ({ ...current, paused: current.paused || gone, failures: current.failures + 1, lastError: message, lastErrorAt: at.toISOString(), lastCheckedAt: at.toISOString(), nextAttemptAt }));
      if (!(error instanceof UserError)) deps.logger.error({ err: error, sourceId: source.id }, 'feed poll failed unexpectedly');
      else deps.logger.info({ sourceId: source.id, error: message, failures, nextAttemptAt }, 'feed poll failed');
      return { ...base, status: 'failed', error: message, paused: gone || undefined, failures: updated?.failures ?? failures, nextAttemptAt, ms: performance.now() - started };
    }
  }

  async function poll(filter: (source: FeedSource) => boolean): Promise<SourcePollReport[]> {
    const due = (await deps.sources.list()).filter((source) => !source.paused && filter(source));
    const reports = await eachLimited(due, deps.concurrency, pollOne);
    const added = reports.reduce((sum, report) => sum + report.added, 0);
    deps.logger.debug({ sources: reports.length, added, failed: reports.filter((report) => report.status === 'failed').length }, 'sources polled');
    return reports;
  }

  return {
    pollDue: () => {
      const time = now().getTime();
      return poll((source) => source.nextAttemptAt === undefined || Date.parse(source.nextAttemptAt) <= time);
    },
    pollAll: () => poll(() => true),
    pollOne,
  };
}

export interface SourcePolling {
  /** Stops the schedule; a poll already running finishes. */
  stop(): Promise<void>;
  /** Runs one poll of the due sources now (also what each scheduled tick does). */
  pollNow(): Promise<SourcePollReport[]>;
}

export interface SourcePollingDeps {
  sources: SourceStore;
  store: ArticleStore;
  fetcher: DocumentFetcher;
  config: Pick<Config, 'POLL_SCHEDULE' | 'POLL_CONCURRENCY'>;
  logger: Logger;
  now?: (() => Date) | undefined;
  backoff?: BackoffOptions | undefined;
}

/**
 * Polls the due sources on `POLL_SCHEDULE` (node-cron, no overlapping runs). The composition
 * root calls this once and `stop()` on shutdown.
 *
 * @example
 * const polling = startSourcePolling({ sources, store, fetcher, config, logger });
 * process.once('SIGTERM', () => void polling.stop());
 */
export function startSourcePolling(deps: SourcePollingDeps): SourcePolling {
  const poller = createSourcePoller({ ...deps, concurrency: deps.config.POLL_CONCURRENCY });
  let running: Promise<SourcePollReport[]> | undefined;
  const pollNow = (): Promise<SourcePollReport[]> => {
    // A tick that comes while a poll runs joins it instead of fetching everything twice.
    running ??= poller.pollDue().finally(() => {
      running = undefined;
    });
    return running;
  };
  const task = cron.schedule(
    deps.config.POLL_SCHEDULE,
    async () => {
      try {
        await pollNow();
      } catch (error) {
        deps.logger.error({ err: error }, 'source polling failed');
      }
    },
    { name: 'poll-sources', noOverlap: true },
  );
  return {
    pollNow,
    stop: async () => {
      await task.stop();
      await task.destroy();
      await running?.catch(() => {});
    },
  };
}
