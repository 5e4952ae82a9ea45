import type { BriefingPort } from '../commands/deps.ts';
import type { Config } from '../src/config/index.ts';
import type { Logger } from '../src/log.ts';
import type { DocumentFetcher } from '../src/ingest/fetcher.ts';
import { openArticleStore, type ArticleStore } from '../src/store/article-store.ts';
import { openKeyvBackend, type KeyvBackend } from '../src/store/keyv-backend.ts';

/** Everything the surfaces (CLI, console, bots) share, built once from the configuration. */
export interface App {
  config: Config;
  logger: Logger;
  backend: KeyvBackend;
  articles: ArticleStore;
  /** Gets feeds and pages from the web under the fetch safety rules. */
  fetcher?: DocumentFetcher | undefined;
  /** The briefing engine, when built; digests and `digest run` need it. */
  briefings?: BriefingPort | undefined;
  now: () => Date;
  close(): Promise<void>;
}

/** Opens the store and builds the engine's ports. The only place that wires implementations together. */
export async function openApp(config: Config, logger: Logger, options: { now?: () => Date } = {}): Promise<App> {
  const now = options.now ?? (() => new Date());
  const backend = await openKeyvBackend({ storeUrl: config.STORE_URL, dataDir: config.DATA_DIR });
  const articles = await openArticleStore({ backend, now });
  logger.debug({ store: backend.kind, location: backend.location, articles: articles.size }, 'store opened');
  let closed = false;
  return {
    config,
    logger,
    backend,
    articles,
    now,
    close: async () => {
      if (closed) return;
      closed = true;
      await backend.close();
    },
  };
}
