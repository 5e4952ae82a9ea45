import { createHash, randomBytes } from 'node:crypto';
import type Keyv from 'keyv';
import { articleTime, type Article, type ArticleAlias, type ArticleInput, type ArticleMeta } from '../domain/article.ts';
import { UserError } from '../errors.ts';
import { cleanArticleText, cleanTitle } from '../ingest/clean.ts';
import { cleanUrl, hostSource } from '../ingest/canonical-url.ts';
import { encodeSignature, minhashOf, shingleHashesOf } from '../text/minhash.ts';
import { words } from '../text/normalize.ts';
import { DuplicateIndex, type DuplicateReason } from './duplicate-index.ts';
import type { KeyvBackend } from './keyv-backend.ts';

export type AddOutcome =
  | { status: 'added'; article: Article }
  | { status: 'duplicate'; id: string; title: string; reason: DuplicateReason; similarity: number };

export interface ArticleFilter {
  /** Only articles at or after this time (ms since epoch). */
  since?: number | undefined;
  until?: number | undefined;
  /** Outlet name, case-insensitive. */
  source?: string | undefined;
  feedId?: string | undefined;
  limit?: number | undefined;
}

/**
 * Articles, stored once each. `add` cleans the input, rejects what is not an article, and
 * links duplicates (same URL, same text, or a near-copy) to the stored article instead of
 * storing them again.
 *
 * @example
 * const outcome = await store.add({ title: 'Talks in Kyiv', text: '…', url: 'https://…' });
 * if (outcome.status === 'duplicate') console.log(`already stored as ${outcome.id}`);
 */
export interface ArticleStore {
  add(input: ArticleInput): Promise<AddOutcome>;
  /** Adds a batch in order; a bad item throws for that item only (its outcome is an `Error`). */
  addMany(inputs: readonly ArticleInput[]): Promise<Array<AddOutcome | Error>>;
  get(id: string): Promise<Article | undefined>;
  getMany(ids: readonly string[]): Promise<Array<Article | undefined>>;
  meta(id: string): ArticleMeta | undefined;
  /** The stored article at this URL (or a known copy of it), by URL identity. */
  findByUrl(url: string): ArticleMeta | undefined;
  /** Newest first. */
  list(filter?: ArticleFilter): ArticleMeta[];
  readonly size: number;
  /** Called after each stored batch, e.g. to update a search index (also for articles another process stored). */
  onAdded(listener: (articles: readonly Article[]) => void): () => void;
  /**
   * Picks up articles another process (a CLI ingest, another instance) stored since the
   * last look. Cheap when nothing changed; call it on a timer.
   */
  refresh(): Promise<number>;
}

export const maxTitleLength = 500;
export const maxTextLength = 400_000;
const maxAliases = 20;
/** How long change-log entries live: any process refreshing more often than this misses nothing. */
const changeLogTtlMs = 7 * 24 * 3600_000;

export interface ArticleStoreDeps {
  backend: KeyvBackend;
  now?: () => Date;
}

interface Prepared {
  article: Article;
  shingleCount: number;
  signature: Uint32Array;
}

function contentHashOf(title: string, tokens: readonly string[]): string {
  const body = tokens.join(' ');
  // Very short bodies ("Click to read the story") are not identity on their own.
  const basis = body.length < 200 ? `${words(title).join(' ')}\n${body}` : body;
  return createHash('sha256').update(basis).digest('hex');
}

function idFor(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

function validDate(value: string | undefined, now: Date): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  // A date far in the future is a feed bug; trusting it would pin the item to the top.
  if (Number.isNaN(time) || time > now.getTime() + 24 * 3600_000 || time < Date.UTC(1990, 0, 1)) return undefined;
  return new Date(time).toISOString();
}

/** Cleans and checks one input; throws `UserError` naming what is wrong with it. */
export function prepareArticle(input: ArticleInput, now: Date): Prepared {
  if (typeof input !== 'object' || input === null) throw new UserError('bad_article', 'An article must be an object with "title" and "text".');
  if (typeof input.text !== 'string') throw new UserError('bad_article', 'The article has no "text".');
  if (input.text.length > maxTextLength * 3) {
    throw new UserError('too_large', `The article text is ${input.text.length.toLocaleString('en')} characters; the limit is ${maxTextLength.toLocaleString('en')}.`);
  }
  if (input.title !== undefined && typeof input.title !== 'string') throw new UserError('bad_article', 'The article "title" must be a string.');
  const text = cleanArticleText(input.text);
  if (text.length > maxTextLength) {
    throw new UserError('too_large', `The article text is ${text.length.toLocaleString('en')} characters; the limit is ${maxTextLength.toLocaleString('en')}.`);
  }
  const tokens = words(text);
  if (tokens.length < 5) throw new UserError('empty', 'The article has no text to store (fewer than 5 words after cleaning).');
  const title = cleanTitle(input.title ?? '').slice(0, maxTitleLength);
  if (title.length === 0) throw new UserError('no_title', 'The article has no title.');
  const url = cleanUrl(input.url);
  if (input.url && url === undefined) throw new UserError('bad_url', `The article URL "${String(input.url).slice(0, 100)}" is not an http(s) URL.`);
  const source = (input.source && input.source.trim()) || hostSource(url) || 'local';
  const contentHash = contentHashOf(title, tokens);
  const shingles = shingleHashesOf(tokens);
  const signature = minhashOf(shingles);
  const ingestedAt = now.toISOString();
  const article: Article = {
    id: idFor(url ?? `content:${contentHash}`),
    title,
    text,
    url,
    source: source.slice(0, 100),
    publishedAt: validDate(input.publishedAt, now),
    ingestedAt,
    feedId: input.feedId,
    contentHash,
    signature: encodeSignature(signature),
  };
  return { article, signature, shingleCount: new Set(shingles).size };
}

export function metaOf(article: Article): ArticleMeta {
  const { text: _text, ...meta } = article;
  return meta;
}

/**
 * Opens the article store on a backend: reads the catalogue (metadata of every article,
 * never the texts) into memory so listing and duplicate checks need no round trips.
 */
export async function openArticleStore(deps: ArticleStoreDeps): Promise<ArticleStore> {
  const now = deps.now ?? (() => new Date());
  const texts = deps.backend.namespace<Article>('articles');
  const catalogKv = deps.backend.namespace<ArticleMeta>('catalog');
  // Every write batch appends the ids it touched here, so other processes can catch up.
  const changeLog = deps.backend.namespace<string[]>('catalog-log');
  const seenChanges = new Set<string>();
  const catalog = new Map<string, ArticleMeta>();
  const duplicates = new DuplicateIndex();
  const listeners = new Set<(articles: readonly Article[]) => void>();

  for await (const [id, meta] of catalogKv.iterator!(undefined)) {
    catalog.set(id as string, meta as ArticleMeta);
    duplicates.add(meta as ArticleMeta);
  }
  for await (const [key] of changeLog.iterator!(undefined)) seenChanges.add(key as string);
  let sorted: ArticleMeta[] | undefined;

  // One writer at a time inside this process, so two batches never both store the same story.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };

  function linkAlias(id: string, alias: ArticleAlias, pending: Map<string, ArticleMeta>, batch: readonly Article[]): void {
    const fromBatch = batch.find((article) => article.id === id);
    const meta = pending.get(id) ?? catalog.get(id) ?? (fromBatch && metaOf(fromBatch));
    if (meta === undefined || (meta.aliases?.length ?? 0) >= maxAliases) return;
    if (alias.url !== undefined && (meta.url === alias.url || meta.aliases?.some((known) => known.url === alias.url))) return;
    // Without a link, only the outlet tells copies apart: the same file ingested again is no
    // new place the story appeared, and would otherwise pile up one alias per re-run.
    if (alias.url === undefined && (meta.source === alias.source || meta.aliases?.some((known) => known.url === undefined && known.source === alias.source))) return;
    pending.set(id, { ...meta, aliases: [...(meta.aliases ?? []), alias] });
  }

  async function addBatch(inputs: readonly ArticleInput[]): Promise<Array<AddOutcome | Error>> {
    const at = now();
    const outcomes: Array<AddOutcome | Error> = [];
    const added: Article[] = [];
    const aliased = new Map<string, ArticleMeta>();
    const batchIndex = new DuplicateIndex();
    for (const input of inputs) {
      let prepared: Prepared;
      try {
        prepared = prepareArticle(input, at);
      } catch (error) {
        outcomes.push(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      const { article } = prepared;
      const candidate = { url: article.url, contentHash: article.contentHash, signature: prepared.signature, shingleCount: prepared.shingleCount };
      const match = duplicates.find(candidate) ?? batchIndex.find(candidate);
      if (match !== undefined) {
        const original = catalog.get(match.id) ?? added.find((item) => item.id === match.id)!;
        // Another spelling of a known URL adds nothing; a copy elsewhere is worth remembering.
        if (match.reason !== 'url') {
          linkAlias(match.id, { url: article.url, source: article.source, kind: match.reason, seenAt: article.ingestedAt }, aliased, added);
        }
        outcomes.push({ status: 'duplicate', id: match.id, title: original.title, reason: match.reason, similarity: match.similarity });
        continue;
      }
      batchIndex.add(article, prepared.signature);
      added.push(article);
      outcomes.push({ status: 'added', article });
    }
    // Texts first, catalogue last: an article is visible only once its text is safely stored.
    if (added.length > 0) await texts.setMany(added.map((article) => ({ key: article.id, value: article })));
    const updatedTexts: Article[] = [];
    for (const [id, meta] of aliased) {
      const fresh = added.find((article) => article.id === id);
      if (fresh !== undefined) {
        fresh.aliases = meta.aliases;
        continue;
      }
      const stored = await texts.get(id);
      if (stored !== undefined) updatedTexts.push({ ...stored, aliases: meta.aliases });
    }
    if (updatedTexts.length > 0) await texts.setMany(updatedTexts.map((article) => ({ key: article.id, value: article })));
    const metas = [...added.map(metaOf), ...[...aliased.values()].filter((meta) => catalog.has(meta.id))];
    if (metas.length > 0) {
      await catalogKv.setMany(metas.map((meta) => ({ key: meta.id, value: meta })));
      const changeKey = `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
      seenChanges.add(changeKey);
      await changeLog.set(changeKey, metas.map((meta) => meta.id), changeLogTtlMs);
    }
    for (const meta of metas) {
      const isNew = !catalog.has(meta.id);
      catalog.set(meta.id, meta);
      if (isNew) duplicates.add(meta);
      else for (const alias of meta.aliases ?? []) duplicates.addUrl(meta.id, alias.url);
    }
    if (added.length > 0) {
      sorted = undefined;
      for (const listener of listeners) listener(added);
    }
    return outcomes;
  }

  async function refresh(): Promise<number> {
    const unseen: string[] = [];
    for await (const [key, ids] of changeLog.iterator!(undefined)) {
      if (seenChanges.has(key as string)) continue;
      seenChanges.add(key as string);
      unseen.push(...(ids as string[]));
    }
    const ids = [...new Set(unseen)];
    if (ids.length === 0) return 0;
    const metas = (await catalogKv.getMany(ids)).filter((meta): meta is ArticleMeta => meta !== undefined);
    const fresh = metas.filter((meta) => !catalog.has(meta.id));
    for (const meta of metas) {
      if (catalog.has(meta.id)) for (const alias of meta.aliases ?? []) duplicates.addUrl(meta.id, alias.url);
      else duplicates.add(meta);
      catalog.set(meta.id, meta);
    }
    if (fresh.length > 0) {
      sorted = undefined;
      const articles = (await texts.getMany(fresh.map((meta) => meta.id))).filter((article): article is Article => article !== undefined);
      for (const listener of listeners) listener(articles);
    }
    return fresh.length;
  }

  return {
    refresh: () => exclusive(refresh),
    add: (input) =>
      exclusive(async () => {
        const [outcome] = await addBatch([input]);
        if (outcome instanceof Error) throw outcome;
        return outcome!;
      }),
    addMany: (inputs) => exclusive(() => addBatch(inputs)),
    get: (id) => (catalog.has(id) ? texts.get(id) : Promise.resolve(undefined)),
    getMany: async (ids) => {
      const wanted = ids.filter((id) => catalog.has(id));
      const found = wanted.length > 0 ? await texts.getMany(wanted) : [];
      const byId = new Map(wanted.map((id, i) => [id, found[i]]));
      return ids.map((id) => byId.get(id));
    },
    meta: (id) => catalog.get(id),
    findByUrl: (url) => {
      const id = duplicates.findByUrl(url);
      return id === undefined ? undefined : catalog.get(id);
    },
    list: (filter = {}) => {
      sorted ??= [...catalog.values()].sort((a, b) => articleTime(b) - articleTime(a) || b.id.localeCompare(a.id));
      const source = filter.source?.toLowerCase();
      const out: ArticleMeta[] = [];
      for (const meta of sorted) {
        const time = articleTime(meta);
        if (filter.since !== undefined && time < filter.since) break;
        if (filter.until !== undefined && time > filter.until) continue;
        if (source !== undefined && meta.source.toLowerCase() !== source) continue;
        if (filter.feedId !== undefined && meta.feedId !== filter.feedId) continue;
        out.push(meta);
        if (filter.limit !== undefined && out.length >= filter.limit) break;
      }
      return out;
    },
    get size() {
      return catalog.size;
    },
    onAdded: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
