import { UserError } from '../errors.ts';
import { cleanUrl } from '../ingest/canonical-url.ts';
import type { DocumentFetcher } from '../ingest/fetcher.ts';
import type { Logger } from '../log.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { fetchFeed, storeFeedItems, type FeedFetchResult } from './fetch-feed.ts';
import { sourceIdFor, type FeedSource, type SourceStore } from './source-store.ts';

export interface SourcesServiceDeps {
  sources: SourceStore;
  store: ArticleStore;
  fetcher: DocumentFetcher;
  logger?: Logger | undefined;
  now?: (() => Date) | undefined;
}

/** A source as people see it (commands, CLI); commands/deps.ts calls it `SourceView`. */
export type SourceSummary = Pick<FeedSource, 'id' | 'url' | 'title' | 'paused' | 'failures' | 'lastError' | 'lastSuccessAt' | 'nextAttemptAt'> & Partial<Pick<FeedSource, 'itemCount'>>;

/** Managing feed sources; commands/deps.ts uses it as `SourcesPort`. */
export interface SourcesService {
  /** `duplicates`: items already stored from elsewhere; `skipped`: items that could not be stored, each with why. */
  add(url: string, options: { title?: string | undefined; addedBy?: string | undefined }): Promise<{ source: SourceSummary; stored: number; duplicates?: number; skipped?: string[] }>;
  list(): Promise<SourceSummary[]>;
  remove(idOrUrl: string): Promise<SourceSummary | undefined>;
  setPaused(idOrUrl: string, paused: boolean): Promise<SourceSummary | undefined>;
}

export function sourceView(source: FeedSource): SourceSummary {
  return {
    id: source.id,
    url: source.url,
    title: source.title,
    paused: source.paused,
    failures: source.failures,
    lastError: source.lastError,
    lastSuccessAt: source.lastSuccessAt,
    itemCount: source.itemCount,
    nextAttemptAt: source.nextAttemptAt,
  };
}

function checkFeedUrl(raw: string): string {
  const url = cleanUrl(raw);
  if (url === undefined) throw new UserError('bad_url', `"${raw.slice(0, 100)}" is not a feed URL. It must start with http:// or https://, e.g. https://example.com/feed.xml`);
  return url;
}

/**
 * The feed sources behind `/sources` and `newsbrief sources`: `add` checks the URL, fetches
 * the feed once (following a web page to the feed it names) and stores its items at once.
 */
export function createSourcesService(deps: SourcesServiceDeps): SourcesService {
  const now = deps.now ?? (() => new Date());

  async function refuseDuplicate(url: string): Promise<void> {
    const existing = await deps.sources.find(url);
    if (existing) throw new UserError('duplicate', `That feed is already added as ${existing.id} (${existing.title ?? existing.url}).`);
  }

  const find = async (idOrUrl: string) => deps.sources.find(idOrUrl);

  return {
    async add(rawUrl, options) {
      let url = checkFeedUrl(rawUrl);
      await refuseDuplicate(url);
      let result: FeedFetchResult;
      try {
        result = await fetchFeed(url, deps.fetcher);
      } catch (error) {
        const discovered = error instanceof UserError && error.code === 'not_a_feed' ? (error.context.feedUrl as string | undefined) : undefined;
        if (discovered === undefined) throw error;
        url = checkFeedUrl(discovered);
        await refuseDuplicate(url);
        result = await fetchFeed(url, deps.fetcher);
      }
      if (result.status !== 'fetched') throw new Error('An unconditional feed request was answered 304');
      if (result.permanentUrl !== undefined && result.permanentUrl !== url) {
        url = checkFeedUrl(result.permanentUrl);
        await refuseDuplicate(url);
      }
      const id = sourceIdFor(url);
      const stored = await storeFeedItems(result.items, id, deps.store);
      const at = now().toISOString();
      const source: FeedSource = {
        id,
        url,
        title: options.title?.trim() || result.title,
        paused: false,
        failures: 0,
        lastSuccessAt: at,
        lastCheckedAt: at,
        etag: result.etag,
        lastModified: result.lastModified,
        itemCount: stored.added,
        addedBy: options.addedBy,
        addedAt: at,
      };
      await deps.sources.put(source);
      deps.logger?.info({ sourceId: id, url, added: stored.added, skipped: stored.errors.length }, 'feed source added');
      return { source: sourceView(source), stored: stored.added, duplicates: stored.duplicates, skipped: stored.errors };
    },
    async list() {
      return (await deps.sources.list()).map(sourceView);
    },
    async remove(idOrUrl) {
      const source = await find(idOrUrl);
      if (source === undefined) return undefined;
      await deps.sources.remove(source.id);
      return sourceView(source);
    },
    async setPaused(idOrUrl, paused) {
      const source = await find(idOrUrl);
      if (source === undefined) return undefined;
      // Resuming also ends any backoff: whoever resumes it wants it read at the next tick.
      const updated = await deps.sources.update(source.id, (current) => ({ ...current, paused, nextAttemptAt: paused ? current.nextAttemptAt : undefined }));
      return updated && sourceView(updated);
    },
  };
}
