import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ArticleInput } from '../domain/article.ts';
import { UserError, errorMessage } from '../errors.ts';
import type { AddOutcome, ArticleStore } from '../store/article-store.ts';
import type { DuplicateReason } from '../store/duplicate-index.ts';
import { decodeDocument } from './decode.ts';
import { detectKind, parseDocument, parseJsonl, supportedExtensions } from './documents.ts';
import { isItemError, type ItemError } from './feed.ts';
import type { DocumentFetcher } from './fetcher.ts';

/** What happened to one item: one line of an ingest report. */
export interface IngestItemReport {
  /** The file, folder entry or URL the item came from. */
  target: string;
  /** Position within the target, counted from 1 (feed item number, JSONL line number), when it has several items. */
  index?: number | undefined;
  status: 'added' | 'duplicate' | 'error';
  id?: string | undefined;
  title?: string | undefined;
  reason?: DuplicateReason | undefined;
  similarity?: number | undefined;
  error?: string | undefined;
}

export interface IngestDeps {
  store: ArticleStore;
  /** Needed only for URL targets. */
  fetcher?: DocumentFetcher | undefined;
  /** Largest local file read whole (JSONL on stdin streams without a limit). */
  maxFileBytes?: number | undefined;
}

const batchSize = 500;

function report(target: string, index: number | undefined, outcome: AddOutcome | Error): IngestItemReport {
  if (outcome instanceof Error) return { target, index, status: 'error', error: errorMessage(outcome) };
  if (outcome.status === 'added') return { target, index, status: 'added', id: outcome.article.id, title: outcome.article.title };
  return { target, index, status: 'duplicate', id: outcome.id, title: outcome.title, reason: outcome.reason, similarity: outcome.similarity };
}

/** Stores parsed items in batches, reporting each in input order. */
async function* storeItems(target: string, items: ReadonlyArray<ArticleInput | ItemError>, store: ArticleStore, numbered: boolean, defaults: Partial<ArticleInput> = {}): AsyncGenerator<IngestItemReport> {
  for (let start = 0; start < items.length; start += batchSize) {
    const slice = items.slice(start, start + batchSize);
    const inputs = slice.filter((item): item is ArticleInput => !isItemError(item)).map((item) => ({ ...defaults, ...item, source: item.source ?? defaults.source }));
    const outcomes = await store.addMany(inputs);
    let next = 0;
    for (let i = 0; i < slice.length; i += 1) {
      const item = slice[i]!;
      // Parsers count items from 0; people count them from 1, as the item errors in polls do.
      const position = numbered ? (isItemError(item) && item.index !== undefined ? item.index : start + i) + 1 : undefined;
      if (isItemError(item)) yield { target, index: position, status: 'error', title: item.title, error: item.error };
      else yield report(target, position, outcomes[next++]!);
    }
  }
}

async function* ingestFile(path: string, deps: IngestDeps): AsyncGenerator<IngestItemReport> {
  const info = await stat(path);
  const limit = deps.maxFileBytes ?? 50 * 1024 * 1024;
  if (info.size > limit) throw new UserError('too_large', `The file is ${(info.size / 1048576).toFixed(1)} MB; the limit is ${(limit / 1048576).toFixed(0)} MB (pipe large JSONL batches through "ingest --jsonl" instead).`);
  const body = decodeDocument(await readFile(path));
  // A JSONL file reads like a JSONL stream, so its items are numbered by line the same way.
  if (detectKind(body, { fileName: path }) === 'jsonl') return yield* ingestJsonlStream(Readable.from([body]), deps, path);
  const parsed = parseDocument(body, { fileName: path });
  yield* storeItems(path, parsed.items, deps.store, parsed.items.length > 1 || parsed.kind === 'feed' || parsed.kind === 'jsonl');
}

async function* walk(folder: string): AsyncGenerator<string> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && supportedExtensions.includes(extname(entry.name).toLowerCase())) yield path;
  }
}

async function* ingestUrl(url: string, deps: IngestDeps): AsyncGenerator<IngestItemReport> {
  if (deps.fetcher === undefined) throw new UserError('no_fetcher', 'Fetching URLs is not available here.');
  const fetched = await deps.fetcher.fetch(url, { accept: 'any' });
  const body = decodeDocument(fetched.body, fetched.contentType);
  const parsed = parseDocument(body, { contentType: fetched.contentType, url: fetched.finalUrl });
  yield* storeItems(url, parsed.items, deps.store, parsed.kind === 'feed', parsed.kind === 'html' ? { url: fetched.finalUrl } : {});
}

/** Whatever a target is, one failure is one error line, and the next target still runs. */
async function* guarded(target: string, run: () => AsyncGenerator<IngestItemReport>): AsyncGenerator<IngestItemReport> {
  try {
    yield* run();
  } catch (error) {
    yield { target, status: 'error', error: errorMessage(error) };
  }
}

/**
 * Ingests files, folders (recursively, supported extensions only) and URLs (feeds or
 * article pages), yielding one report per item as it is stored.
 *
 * @example
 * for await (const line of ingestTargets(['samples/', 'https://example.com/feed.xml'], deps)) console.log(line);
 */
export async function* ingestTargets(targets: readonly string[], deps: IngestDeps): AsyncGenerator<IngestItemReport> {
  for (const target of targets) {
    if (/^https?:\/\//i.test(target)) {
      yield* guarded(target, () => ingestUrl(target, deps));
      continue;
    }
    let isFolder = false;
    try {
      isFolder = (await stat(target)).isDirectory();
    } catch (error) {
      yield { target, status: 'error', error: `Cannot read ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : errorMessage(error)}.` };
      continue;
    }
    if (!isFolder) {
      yield* guarded(target, () => ingestFile(target, deps));
      continue;
    }
    let found = 0;
    for await (const path of walk(target)) {
      found += 1;
      yield* guarded(path, () => ingestFile(path, deps));
    }
    if (found === 0) yield { target, status: 'error', error: `The folder has no files newsbrief can read (${supportedExtensions.join(' ')}).` };
  }
}

/** Ingests a JSONL stream (e.g. stdin) line by line in batches, without reading it whole. */
export async function* ingestJsonlStream(input: Readable, deps: IngestDeps, target = 'stdin'): AsyncGenerator<IngestItemReport> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let pending: Array<ArticleInput | ItemError> = [];
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim().length === 0) continue;
    const [item] = parseJsonl(line);
    if (item === undefined) continue;
    pending.push(isItemError(item) ? { ...item, index: lineNumber, error: item.error.replace(/^Line 1\b/, `Line ${lineNumber}`) } : { ...item, lineNumber } as ArticleInput & { lineNumber: number });
    if (pending.length >= batchSize) {
      yield* storeNumbered(target, pending, deps.store);
      pending = [];
    }
  }
  if (pending.length > 0) yield* storeNumbered(target, pending, deps.store);
}

async function* storeNumbered(target: string, items: Array<ArticleInput | ItemError>, store: ArticleStore): AsyncGenerator<IngestItemReport> {
  const inputs = items.filter((item): item is ArticleInput & { lineNumber: number } => !isItemError(item));
  const outcomes = await store.addMany(inputs.map(({ lineNumber: _line, ...input }) => input));
  let next = 0;
  for (const item of items) {
    if (isItemError(item)) yield { target, index: item.index, status: 'error', title: item.title, error: item.error };
    else yield report(target, inputs[next]!.lineNumber, outcomes[next++]!);
  }
}

