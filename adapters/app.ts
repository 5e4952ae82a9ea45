import type { Config } from '../src/config/index.ts';
import type { Logger } from '../src/log.ts';
import type { DocumentFetcher } from '../src/ingest/fetcher.ts';
import { openArticleStore, type ArticleStore } from '../src/store/article-store.ts';
import { openKeyvBackend, type KeyvBackend } from '../src/store/keyv-backend.ts';
import { createSafeFetcher, safeFetchOptions } from '../src/net/safe-fetch.ts';
import { createSourceStore, type SourceStore } from '../src/sources/source-store.ts';
import { createSourcesService, type SourcesService } from '../src/sources/sources-service.ts';
import { startSourcePolling, type SourcePolling } from '../src/sources/poller.ts';
import { createBriefingService, type BriefingService } from '../src/briefing/service.ts';
import { createLlmLayer, type LlmLayer } from '../src/llm/index.ts';
import { createSubscriptionStore, type SubscriptionStore } from '../src/subscriptions/subscription-store.ts';
import type { BriefingPort } from '../commands/deps.ts';

/** Everything the surfaces (CLI, console, bots) share, built once from the configuration. */
export interface App {
  config: Config;
  logger: Logger;
  backend: KeyvBackend;
  articles: ArticleStore;
  /** Gets feeds and pages from the web under the fetch safety rules. */
  fetcher?: DocumentFetcher | undefined;
  /** Feed sources: the stored records (for the poller) and the service behind `/sources`. */
  sourceStore?: SourceStore | undefined;
  sources?: SourcesService | undefined;
  /** Starts polling the sources on POLL_SCHEDULE (once; later calls return the same handle). `close()` stops it. */
  startSourcePolling?: (() => SourcePolling) | undefined;
  /** The local briefing engine (always there: the fallback when an LLM fails). */
  localBriefings: BriefingService;
  /** What commands and digests use: the local engine, or the LLM over it when configured. */
  briefings: BriefingPort;
  /** Present when LLM mode is configured (LLM_MODEL plus a key or base URL). */
  llm?: LlmLayer | undefined;
  subscriptions: SubscriptionStore;
  now: () => Date;
  close(): Promise<void>;
}

/** Opens the store and builds the engine's ports. The only place that wires implementations together. */
export async function openApp(config: Config, logger: Logger, options: { now?: () => Date } = {}): Promise<App> {
  const now = options.now ?? (() => new Date());
  const backend = await openKeyvBackend({ storeUrl: config.STORE_URL, dataDir: config.DATA_DIR });
  const articles = await openArticleStore({ backend, now });
  logger.debug({ store: backend.kind, location: backend.location, articles: articles.size }, 'store opened');
  const fetcher = createSafeFetcher({ ...safeFetchOptions(config), logger });
  const sourceStore = createSourceStore({ backend });
  const sources = createSourcesService({ sources: sourceStore, store: articles, fetcher, logger, now });
  const localBriefings = createBriefingService({ store: articles, now });
  const llm = createLlmLayer({ config, backend, store: articles, logger, now });
  const briefings: BriefingPort = llm ? llm.wrapBriefings(localBriefings) : localBriefings;
  const subscriptions = createSubscriptionStore({ backend });
  let polling: SourcePolling | undefined;
  let closed = false;
  return {
    config,
    logger,
    backend,
    articles,
    fetcher,
    sourceStore,
    sources,
    localBriefings,
    briefings,
    llm,
    subscriptions,
    startSourcePolling: () => (polling ??= startSourcePolling({ sources: sourceStore, store: articles, fetcher, config, logger, now })),
    now,
    close: async () => {
      if (closed) return;
      closed = true;
      await polling?.stop();
      await llm?.close();
      await fetcher.close();
      await backend.close();
    },
  };
}
