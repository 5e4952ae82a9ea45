import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnswerEngine } from '../src/answers/answer-engine.ts';
import { createSearchService } from '../src/answers/search-service.ts';
import { SearchIndex } from '../src/answers/search-index.ts';
import type { ArticleInput } from '../src/domain/article.ts';
import { silentLogger } from '../src/log.ts';
import { openArticleStore } from '../src/store/article-store.ts';
import { openKeyvBackend } from '../src/store/keyv-backend.ts';
import { qaEvalDir } from './eval-qa.ts';
import { readFile } from 'node:fs/promises';
import { percentile, printTable } from './table.ts';
import type { Bench } from './run.ts';

async function jsonl<T>(path: string): Promise<T[]> {
  const text = await readFile(new URL(path, qaEvalDir()), 'utf8');
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as T);
}

/** Real article texts (realtimeqa, newsqa, cnndm) to splice into a large corpus, and real questions to ask of it. */
async function material(): Promise<{ texts: string[]; questions: string[] }> {
  const texts = [
    ...(await jsonl<{ text: string }>('realtimeqa/passages.jsonl')).map((row) => row.text),
    ...(await jsonl<{ text: string }>('newsqa/passages.jsonl')).map((row) => row.text),
    ...(await jsonl<{ article: string }>('cnndm/dev.jsonl')).map((row) => row.article),
  ];
  const questions = [
    ...(await jsonl<{ question: string }>('realtimeqa/dev.jsonl')).map((row) => row.question),
    ...(await jsonl<{ question: string }>('newsqa/dev.jsonl')).map((row) => row.question),
  ];
  return { texts, questions };
}

function thirds(text: string): [string, string, string] {
  const words = text.split(' ');
  const size = Math.ceil(words.length / 3);
  return [words.slice(0, size).join(' '), words.slice(size, 2 * size).join(' '), words.slice(2 * size).join(' ')];
}

/** Article i of the synthetic corpus: thirds of three different real articles, so no two are near-copies. */
function syntheticArticle(i: number, texts: readonly string[]): ArticleInput {
  const n = texts.length;
  const round = Math.floor(i / n);
  const a = texts[i % n]!;
  const b = texts[(i + 1 + round * 37) % n]!;
  const c = texts[(i + 2 + round * 101) % n]!;
  const text = [thirds(a)[0], thirds(b)[1], thirds(c)[2]].join('\n\n');
  const title = `${a.replace(/\s+/g, ' ').slice(0, 80).replace(/\s+\S*$/, '')} (${i})`;
  return { title, text, url: `https://bench.example/${i}`, source: `Outlet ${i % 13}`, publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() };
}

/** Search queries people type: two or three words of a stored title, one in ten as a phrase, one in ten with a prefix. */
function searchQueries(count: number, texts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const words = (texts[(i * 7919) % texts.length]!.slice(0, 300).match(/[A-Za-z]{4,}/g) ?? ['news']).slice(2);
    const start = (i * 31) % Math.max(1, words.length - 3);
    const picked = words.slice(start, start + 2 + (i % 2));
    if (i % 10 === 3) out.push(`"${picked.slice(0, 2).join(' ')}"`);
    else if (i % 10 === 7) out.push(`${picked[0]} ${picked[1]?.slice(0, 4) ?? ''}*`);
    else out.push(picked.join(' '));
  }
  return out;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Runs in a fresh process: open the stored corpus (cold start), then 1,000 searches and 1,000 questions. */
async function coldProcess(dir: string, rebuild: boolean): Promise<void> {
  const { texts, questions } = await material();
  const started = performance.now();
  const backend = await openKeyvBackend({ dataDir: dir });
  if (rebuild) await backend.namespace('search-index').delete('manifest');
  const storeStarted = performance.now();
  const store = await openArticleStore({ backend });
  const storeMs = performance.now() - storeStarted;
  const search = await createSearchService({ store, backend, now: () => new Date(), logger: silentLogger(), persistDelayMs: 0 });
  const coldMs = performance.now() - started;
  const answers = createAnswerEngine({ store, search, now: () => new Date() });
  const searchMs: number[] = [];
  for (const query of searchQueries(1_000, texts)) {
    const at = performance.now();
    await search.search(query, { limit: 5 });
    searchMs.push(performance.now() - at);
  }
  const askMs: number[] = [];
  let abstained = 0;
  for (let i = 0; i < 1_000; i += 1) {
    const at = performance.now();
    const answer = await answers.ask(questions[i % questions.length]!);
    askMs.push(performance.now() - at);
    if (answer.abstained) abstained += 1;
  }
  const rss = process.memoryUsage().rss;
  console.log(JSON.stringify({ articles: store.size, storeMs, coldMs, rss: mb(rss), heap: mb(process.memoryUsage().heapUsed), searchMs, askMs, abstained }));
  await search.close();
  await backend.close();
}

async function measure(count: number, keepDir: string | undefined): Promise<void> {
  const { texts } = await material();
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'newsbrief-answers-bench-'));
  try {
    if (keepDir === undefined || !existsSync(join(keepDir, 'newsbrief.sqlite'))) await build(count, texts, dir);
    await coldStarts(dir);
  } finally {
    if (keepDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

async function build(count: number, texts: readonly string[], dir: string): Promise<void> {
  {
    // Index alone, in memory: the pure cost of tokenising and posting.
    const corpus = Array.from({ length: count }, (_, i) => syntheticArticle(i, texts));
    const indexStarted = performance.now();
    const index = new SearchIndex();
    corpus.forEach((article, i) => index.add({ id: String(i), title: article.title, text: article.text, source: article.source!, time: i }));
    const indexSeconds = (performance.now() - indexStarted) / 1000;

    // Ingest into the embedded store with search following onAdded, as the bot runs.
    const backend = await openKeyvBackend({ dataDir: dir });
    const store = await openArticleStore({ backend });
    const search = await createSearchService({ store, backend, now: () => new Date(), logger: silentLogger(), persistDelayMs: 0 });
    const ingestStarted = performance.now();
    let added = 0;
    for (let at = 0; at < corpus.length; at += 1_000) {
      for (const outcome of await store.addMany(corpus.slice(at, at + 1_000))) if (!(outcome instanceof Error) && outcome.status === 'added') added += 1;
    }
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const saveStarted = performance.now();
    await search.close();
    const saveSeconds = (performance.now() - saveStarted) / 1000;
    await backend.close();

    printTable(`Build and save (${count.toLocaleString('en')} synthetic articles spliced from the eval texts)`, ['articles', 'index only (s)', 'index only (articles/s)', 'ingest + index into sqlite (s)', 'added', 'save index snapshot (s)'], [
      [count, indexSeconds, Math.round(count / indexSeconds), ingestSeconds, added, saveSeconds],
    ]);
  }
}

async function coldStarts(dir: string): Promise<void> {
  {

    const self = fileURLToPath(import.meta.url);
    const rows: Array<Array<string | number>> = [];
    for (const rebuild of [false, true]) {
      const output = execFileSync(process.execPath, [self, '--cold', dir, ...(rebuild ? ['--rebuild'] : [])], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      const result = JSON.parse(output.trim().split('\n').at(-1)!) as { articles: number; storeMs: number; coldMs: number; rss: number; heap: number; searchMs: number[]; askMs: number[]; abstained: number };
      rows.push([
        rebuild ? 'rebuild from stored texts' : 'load saved index',
        result.articles,
        result.storeMs / 1000,
        result.coldMs / 1000,
        percentile(result.searchMs, 50),
        percentile(result.searchMs, 95),
        percentile(result.askMs, 50),
        percentile(result.askMs, 95),
        result.rss,
      ]);
    }
    printTable('Cold start, then 1,000 /search and 1,000 /ask in a fresh process', ['start', 'articles', 'store open (s)', 'cold start total (s)', 'search p50 ms', 'search p95 ms', 'ask p50 ms', 'ask p95 ms', 'RSS MB'], rows);
  }
}

/** The library option, measured the same way: MiniSearch (BM25+, prefix search, JSON serialisation) against the hand-written index. */
async function compareLibrary(count: number): Promise<void> {
  const { default: MiniSearch } = await import('minisearch');
  const { texts } = await material();
  const corpus = Array.from({ length: count }, (_, i) => syntheticArticle(i, texts));
  const queries = searchQueries(1_000, texts).map((query) => query.replace(/["*]/g, ''));
  const rows: Array<Array<string | number>> = [];
  const heap = () => {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  {
    const before = heap();
    let at = performance.now();
    const mini = new MiniSearch<{ id: number; title: string; text: string }>({ fields: ['title', 'text'], searchOptions: { boost: { title: 2.5 } } });
    corpus.forEach((article, id) => mini.add({ id, title: article.title, text: article.text }));
    const buildSeconds = (performance.now() - at) / 1000;
    const heapMb = mb(heap() - before);
    const times: number[] = [];
    for (const query of queries) {
      at = performance.now();
      mini.search(query).slice(0, 5);
      times.push(performance.now() - at);
    }
    at = performance.now();
    const json = JSON.stringify(mini);
    const saveSeconds = (performance.now() - at) / 1000;
    at = performance.now();
    MiniSearch.loadJSON(json, { fields: ['title', 'text'] });
    const loadSeconds = (performance.now() - at) / 1000;
    rows.push(['MiniSearch 7 (library)', count, buildSeconds, heapMb, percentile(times, 50), percentile(times, 95), mb(json.length), saveSeconds, loadSeconds]);
  }
  {
    const before = heap();
    let at = performance.now();
    const index = new SearchIndex();
    corpus.forEach((article, i) => index.add({ id: String(i), title: article.title, text: article.text, source: article.source!, time: i }));
    const buildSeconds = (performance.now() - at) / 1000;
    const heapMb = mb(heap() - before);
    const { parseQuery } = await import('../src/answers/query.ts');
    const times: number[] = [];
    for (const query of queries) {
      at = performance.now();
      index.search({ terms: parseQuery(query).terms, mode: 'any', limit: 5 });
      times.push(performance.now() - at);
    }
    const { saveSnapshot, loadSnapshot } = await import('../src/answers/index-snapshot.ts');
    const kv = new Map<string, unknown>();
    const memoryKv = {
      get: async (key: string) => kv.get(key),
      set: async (key: string, value: unknown) => kv.set(key, value),
      getMany: async (keys: string[]) => keys.map((key) => kv.get(key)),
      deleteMany: async (keys: string[]) => keys.forEach((key) => kv.delete(key)),
    };
    at = performance.now();
    await saveSnapshot(memoryKv, index.exportState(), new Date());
    const saveSeconds = (performance.now() - at) / 1000;
    const size = [...kv.values()].reduce<number>((sum, value) => sum + (typeof value === 'string' ? value.length : 0), 0);
    at = performance.now();
    SearchIndex.fromState((await loadSnapshot(memoryKv))!);
    const loadSeconds = (performance.now() - at) / 1000;
    rows.push(['newsbrief SearchIndex (hand-written)', count, buildSeconds, heapMb, percentile(times, 50), percentile(times, 95), mb(size), saveSeconds, loadSeconds]);
  }
  printTable(`Search library vs hand-written index, ${count.toLocaleString('en')} articles, 1,000 ranked-OR queries, top 5`, ['index', 'articles', 'build (s)', 'heap + buffers MB', 'query p50 ms', 'query p95 ms', 'saved MB', 'save (s)', 'load (s)'], rows);
}

export const answersBench: Bench = {
  name: 'answers',
  async run(flags) {
    const countFlag = flags.indexOf('--count');
    const count = countFlag >= 0 ? Number(flags[countFlag + 1]) : 100_000;
    const dirFlag = flags.indexOf('--dir');
    if (flags.includes('--library')) await compareLibrary(Math.min(count, 20_000));
    else await measure(count, dirFlag >= 0 ? flags[dirFlag + 1] : undefined);
  },
};

if (import.meta.main && process.argv[2] === '--cold') {
  await coldProcess(process.argv[3]!, process.argv.includes('--rebuild'));
}
