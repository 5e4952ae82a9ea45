import type { Logger } from '../log.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { KeyvBackend } from '../store/keyv-backend.ts';
import { createAnswerEngine, type AnswerEngine } from './answer-engine.ts';
import { createSearchService, type SearchService } from './search-service.ts';

export interface AnswersDeps {
  store: ArticleStore;
  backend: KeyvBackend;
  now: () => Date;
  logger: Logger;
  persistDelayMs?: number | undefined;
}

/** Search and answers that load the index on first use, so commands that never search pay nothing. */
export interface LazyAnswers {
  search: Pick<SearchService, 'search'> & { ready(): Promise<SearchService> };
  answers: Pick<AnswerEngine, 'ask'> & { ready(): Promise<AnswerEngine> };
  /** Saves the index if it was opened. Call before closing the backend. */
  close(): Promise<void>;
}

/**
 * Wires search and answers over a store. A long-running process calls `search.ready()` at start
 * so the index follows ingestion from then on; one-off CLI commands simply use the ports.
 */
export function createLazyAnswers(deps: AnswersDeps): LazyAnswers {
  let opening: Promise<{ search: SearchService; engine: AnswerEngine }> | undefined;
  const open = () =>
    (opening ??= createSearchService(deps).then((search) => ({ search, engine: createAnswerEngine({ store: deps.store, search, now: deps.now }) })));
  return {
    search: {
      ready: async () => (await open()).search,
      search: async (query, options) => (await open()).search.search(query, options),
    },
    answers: {
      ready: async () => (await open()).engine,
      ask: async (question, options) => (await open()).engine.ask(question, options),
    },
    close: async () => {
      if (opening !== undefined) await (await opening).search.close();
    },
  };
}
