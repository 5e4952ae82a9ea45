import type { SearchHit, SearchResults } from '../domain/answer.ts';
import { articleTime, type Article } from '../domain/article.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { KeyvBackend } from '../store/keyv-backend.ts';
import { loadSnapshot, saveSnapshot, type SnapshotKv } from './index-snapshot.ts';
import { parseQuery, phrasePattern } from './query.ts';
import { SearchIndex, type IndexHit, type QueryTerm } from './search-index.ts';
import { snippetOf } from './snippet.ts';

export const maxQueryLength = 1_000;
/** How many ranked candidates a phrase search checks against the article texts. */
const phraseCandidates = 300;

export interface SearchServiceDeps {
  store: ArticleStore;
  backend: KeyvBackend;
  now: () => Date;
  logger: Logger;
  /** Save the index this long after the first unsaved change (default 5 min); 0 saves only on `close()`. Articles stored after the last save are indexed from their texts at the next start. */
  persistDelayMs?: number | undefined;
}

export interface SearchOptions {
  since?: number | undefined;
  source?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Search (the shape of the commands' `SearchPort`) plus what the answer engine needs of the index. */
export interface SearchService {
  search(query: string, options?: SearchOptions): Promise<SearchResults>;
  /** Ranked article ids for weighted terms (ranked OR), for answering. */
  retrieve(terms: readonly QueryTerm[], options: { limit: number; since?: number | undefined }): IndexHit[];
  /** Inverse document frequency of a search term (see `tokens.ts`). */
  idf(term: string): number;
  readonly size: number;
  /** Writes the index to the store now (also done on a timer after changes, and on close). */
  persist(): Promise<void>;
  /** Stops listening to the store and saves pending changes. Call before closing the backend. */
  close(): Promise<void>;
}

function toInput(article: Article) {
  return { id: article.id, title: article.title, text: article.text, source: article.source, time: articleTime(article) };
}

/**
 * Opens search over the article store: loads the saved index from the backend, indexes
 * whatever was stored since it was saved, then follows `store.onAdded`.
 *
 * @example
 * const search = await createSearchService({ store, backend, now, logger });
 * const results = await search.search('"peace plan" kyiv', { since: Date.now() - 7 * 86_400_000 });
 */
export async function createSearchService(deps: SearchServiceDeps): Promise<SearchService> {
  const { store, logger } = deps;
  const kv: SnapshotKv = deps.backend.namespace('search-index');
  const persistDelayMs = deps.persistDelayMs ?? 5 * 60_000;
  const started = performance.now();
  const state = await loadSnapshot(kv).catch((error: unknown) => {
    logger.warn({ err: error }, 'search index snapshot unreadable; rebuilding');
    return undefined;
  });
  const index = state ? SearchIndex.fromState(state) : new SearchIndex();
  const loadedMs = performance.now() - started;

  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    saving = saving.then(async () => {
      if (!dirty) return;
      dirty = false;
      const at = performance.now();
      await saveSnapshot(kv, index.exportState(), deps.now());
      logger.debug({ docs: index.size, ms: Math.round(performance.now() - at) }, 'search index saved');
    }).catch((error: unknown) => {
      dirty = true;
      logger.error({ err: error }, 'saving the search index failed');
    });
    return saving;
  };
  const changed = () => {
    dirty = true;
    if (persistDelayMs > 0 && timer === undefined) {
      timer = setTimeout(() => void persist(), persistDelayMs);
      timer.unref();
    }
  };
  const unsubscribe = store.onAdded((articles) => {
    for (const article of articles) index.add(toInput(article));
    if (articles.length > 0) changed();
  });

  // The store never deletes, so an index as large as the catalogue holds all of it (and listing 100,000 sorted costs seconds).
  const missing = index.size >= store.size ? [] : store.list().filter((meta) => !index.has(meta.id)).map((meta) => meta.id).reverse();
  for (let at = 0; at < missing.length; at += 500) {
    const batch = await store.getMany(missing.slice(at, at + 500));
    for (const article of batch) if (article !== undefined) index.add(toInput(article));
  }
  if (missing.length > 0) changed();
  logger.debug({ docs: index.size, fromSnapshot: state?.ids.length ?? 0, indexed: missing.length, loadMs: Math.round(loadedMs), totalMs: Math.round(performance.now() - started) }, 'search index ready');

  async function search(query: string, options: SearchOptions = {}): Promise<SearchResults> {
    if (query.length > maxQueryLength) throw new UserError('too_long', `That search is ${query.length.toLocaleString('en')} characters; the limit is ${maxQueryLength.toLocaleString('en')}.`);
    const limit = Math.max(1, Math.min(options.limit ?? 10, 100));
    const offset = Math.max(0, options.offset ?? 0);
    const parsed = parseQuery(query);
    if (parsed.terms.length === 0) return { query, total: 0, hits: [] };
    const base = { terms: parsed.terms, since: options.since, source: options.source };
    let ids: IndexHit[];
    let total: number;
    if (parsed.phrases.length > 0) {
      const ranked = index.search({ ...base, mode: 'all', limit: phraseCandidates });
      const patterns = parsed.phrases.map(phrasePattern);
      const verified: IndexHit[] = [];
      let checked = 0;
      // Check candidates in rank order, a batch at a time, until the page is full.
      while (checked < ranked.hits.length && verified.length < offset + limit) {
        const batch = ranked.hits.slice(checked, checked + 50);
        checked += batch.length;
        const texts = await store.getMany(batch.map((hit) => hit.id));
        batch.forEach((hit, i) => {
          const article = texts[i];
          if (article !== undefined && patterns.every((pattern) => pattern.test(article.title) || pattern.test(article.text))) verified.push(hit);
        });
      }
      ids = verified.slice(offset, offset + limit);
      // Beyond the checked candidates, assume phrases hold as often as they did among them.
      total = checked >= ranked.total ? verified.length : Math.max(verified.length, Math.round((verified.length / Math.max(1, checked)) * ranked.total));
    } else {
      let ranked = index.search({ ...base, mode: 'all', limit: offset + limit });
      // Nothing has every word: rank what has some of them rather than answer "nothing".
      if (ranked.total === 0 && parsed.terms.length > 1) ranked = index.search({ ...base, mode: 'any', limit: offset + limit });
      ids = ranked.hits.slice(offset);
      total = ranked.total;
    }
    const articles = await store.getMany(ids.map((hit) => hit.id));
    const hits: SearchHit[] = [];
    ids.forEach((hit, i) => {
      const article = articles[i];
      if (article === undefined) return;
      hits.push({
        articleId: article.id,
        title: article.title,
        source: article.source,
        url: article.url,
        publishedAt: article.publishedAt ?? article.ingestedAt,
        snippet: snippetOf(article.text, parsed.terms),
        score: Math.round(hit.score * 1000) / 1000,
      });
    });
    return { query, total, hits };
  }

  return {
    search,
    retrieve: (terms, options) => index.search({ terms, mode: 'any', limit: options.limit, since: options.since }).hits,
    idf: (term) => index.idf(term),
    get size() {
      return index.size;
    },
    persist,
    close: async () => {
      unsubscribe();
      await persist();
    },
  };
}
