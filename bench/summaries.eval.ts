import { llmSummarizerFromEnv, type LlmEvalSummarizer } from './llm-eval.ts';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../adapters/cli/main.ts';
import { clusterStories } from '../src/briefing/cluster.ts';
import { isDebris, wordCount } from '../src/briefing/debris.ts';
import { profileArticle } from '../src/briefing/profile.ts';
import { splitSentences } from '../src/text/sentences.ts';
import { readJsonl } from './eval-data.ts';
import { flagValue, type EvalSection } from './eval-section.ts';
import { npmPeers } from './peers.ts';
import { meanRouge, rougeScores, rougeTokens, type RougeScores } from './rouge.ts';
import { printTable } from './table.ts';

interface CnndmRow {
  id: string;
  article: string;
  highlights: string;
  source: string;
}
interface RoseRow {
  id: string;
  article: string;
  reference: string;
  systems: Record<string, string>;
}
interface MultiNewsRow {
  id: string;
  articles: Array<{ text: string }>;
  summary: string;
}

/** One system's summaries of a data set, with time per document. */
interface Run {
  name: string;
  summaries: string[];
  msPerDoc: number;
}

/** Lead-N that skips fragments under 8 words and page debris, the baseline the targets name. */
export function leadSentences(text: string, count: number): string[] {
  return splitSentences(text).filter((sentence) => wordCount(sentence) >= 8 && !isDebris(sentence)).slice(0, count);
}

/** Multi-document lead: the first sentence of each article in turn, then the second, … */
export function roundRobinLead(texts: readonly string[], count: number): string[] {
  const leads = texts.map((text) => leadSentences(text, count));
  const out: string[] = [];
  for (let k = 0; out.length < count && leads.some((lead) => lead.length > k); k += 1) {
    for (const lead of leads) if (out.length < count && lead[k] !== undefined) out.push(lead[k]!);
  }
  return out;
}

/** Runs one CLI batch command in this process, exactly as `npm run cli -- …` would. */
async function cliBatch(args: string[], lines: readonly unknown[]): Promise<Array<{ id: unknown; summary?: string; error?: string }>> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const stderr = new PassThrough();
  stderr.resume();
  const code = await runCli({ argv: args, env: {}, stdout, stderr, stdin: Readable.from([lines.map((line) => JSON.stringify(line)).join('\n') + '\n']) });
  if (code !== 0) throw new Error(`cli ${args.join(' ')} exited with ${code}`);
  return Buffer.concat(chunks).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: unknown; summary?: string; error?: string });
}

async function timed(name: string, count: number, work: () => Promise<string[]>): Promise<Run> {
  const started = performance.now();
  const summaries = await work();
  return { name, summaries, msPerDoc: (performance.now() - started) / Math.max(count, 1) };
}

async function eachInTurn<T>(items: readonly T[], work: (item: T) => Promise<string[]>): Promise<string[]> {
  const out: string[] = [];
  for (const item of items) {
    try {
      out.push((await work(item)).join('\n'));
    } catch {
      out.push('');
    }
  }
  return out;
}

function scoreRow(run: Run, references: readonly string[]): Array<string | number> {
  const scores: RougeScores[] = references.map((reference, i) => rougeScores(reference, run.summaries[i] ?? ''));
  const mean = meanRouge(scores);
  const words = run.summaries.reduce((sum, summary) => sum + rougeTokens(summary).length, 0) / Math.max(run.summaries.length, 1);
  return [run.name, round(mean.rouge1), round(mean.rouge2), round(mean.rougeLsum), Math.round(words), round(run.msPerDoc, 2)];
}

function round(value: number, digits = 1): string {
  return value.toFixed(digits);
}

const columns = ['system', 'ROUGE-1', 'ROUGE-2', 'ROUGE-Lsum', 'words', 'ms/doc'];

async function singleDocumentRuns(texts: readonly string[], sentences: number, llm?: LlmEvalSummarizer): Promise<Run[]> {
  const runs: Run[] = [];
  runs.push(
    await timed('newsbrief (summarize --jsonl)', texts.length, async () => {
      const out = await cliBatch(['summarize', '--jsonl', '--sentences', String(sentences)], texts.map((text, i) => ({ id: i, text })));
      return out.map((line) => line.summary ?? '');
    }),
  );
  runs.push(await timed('Lead-3 (skips fragments < 8 words, debris)', texts.length, async () => texts.map((text) => leadSentences(text, sentences).join('\n'))));
  for (const peer of npmPeers()) runs.push(await timed(peer.name, texts.length, () => eachInTurn(texts, (text) => peer.summarize(text, sentences))));
  if (llm) runs.push(await timed(llm.name, texts.length, () => eachInTurn(texts, (text) => llm.summarize(text, sentences))));
  return runs;
}

async function cnndm(limit: number | undefined, log: (line: string) => void, llm?: LlmEvalSummarizer): Promise<void> {
  const rows = (await readJsonl<CnndmRow>('cnndm/dev.jsonl')).slice(0, limit);
  const runs = await singleDocumentRuns(rows.map((row) => row.article), 3, llm);
  printTable(`CNN/DailyMail dev (${rows.length} articles, 3 sentences)`, columns, runs.map((run) => scoreRow(run, rows.map((row) => row.highlights))), log);
  // The Daily Mail part keeps its scraping debris ("By . Associated Press . PUBLISHED: …"): shown apart.
  const bySource: Array<Array<string | number>> = [];
  for (const source of [...new Set(rows.map((row) => row.source))].sort()) {
    const indices = rows.map((row, i) => (row.source === source ? i : -1)).filter((i) => i >= 0);
    for (const run of runs.slice(0, 2)) {
      const subset: Run = { ...run, name: `${run.name}, ${source} (${indices.length})`, summaries: indices.map((i) => run.summaries[i]!) };
      bySource.push(scoreRow(subset, indices.map((i) => rows[i]!.highlights)));
    }
  }
  printTable('CNN/DailyMail dev by part', columns, bySource, log);
}

async function rose(limit: number | undefined, log: (line: string) => void, llm?: LlmEvalSummarizer): Promise<void> {
  const rows = (await readJsonl<RoseRow>('rose100/test.jsonl')).slice(0, limit);
  const runs = await singleDocumentRuns(rows.map((row) => row.article), 3, llm);
  const table = runs.map((run) => scoreRow(run, rows.map((row) => row.reference)));
  // Stored summaries of published systems, split into sentences as rouge-score users do for Lsum.
  const names = [...new Set(rows.flatMap((row) => Object.keys(row.systems)))].sort();
  for (const name of names) {
    const covered = rows.filter((row) => typeof row.systems[name] === 'string');
    const run: Run = { name: `${name} (stored${covered.length < rows.length ? `, ${covered.length} articles` : ''})`, summaries: covered.map((row) => splitSentences(row.systems[name]!).join('\n')), msPerDoc: Number.NaN };
    const row = scoreRow(run, covered.map((r) => r.reference));
    row[5] = '–';
    table.push(row);
  }
  // The GPT rows cover fewer articles: newsbrief and Lead-3 on exactly those, for a like-for-like view.
  const gpt = rows.map((row, i) => (typeof row.systems['gpt-4'] === 'string' ? i : -1)).filter((i) => i >= 0);
  if (gpt.length > 0 && gpt.length < rows.length) {
    for (const run of runs.slice(0, 2)) {
      const subset: Run = { ...run, name: `${run.name}, on the ${gpt.length} gpt-4 articles`, summaries: gpt.map((i) => run.summaries[i]!) };
      table.push(scoreRow(subset, gpt.map((i) => rows[i]!.reference)));
    }
  }
  printTable(`RoSE CNN/DM test (${rows.length} articles, 3 sentences), beside stored system outputs`, columns, table, log);
}

async function multiNews(limit: number | undefined, log: (line: string) => void): Promise<void> {
  const rows = (await readJsonl<MultiNewsRow>('multinews/dev.jsonl')).slice(0, limit);
  const sentences = 9;
  const runs: Run[] = [];
  runs.push(
    await timed(`newsbrief (digest --jsonl --sentences ${sentences})`, rows.length, async () => {
      const out = await cliBatch(['digest', '--jsonl', '--sentences', String(sentences)], rows.map((row) => ({ id: row.id, articles: row.articles })));
      return out.map((line) => line.summary ?? '');
    }),
  );
  runs.push(await timed(`Lead (first sentences of each article in turn, ${sentences})`, rows.length, async () => rows.map((row) => roundRobinLead(row.articles.map((article) => article.text), sentences).join('\n'))));
  for (const peer of npmPeers()) {
    runs.push(await timed(`${peer.name} (articles joined)`, rows.length, () => eachInTurn(rows, (row) => peer.summarize(row.articles.map((article) => article.text).join('\n\n'), sentences))));
  }
  printTable(`Multi-News dev (${rows.length} stories, 2–9 articles each, ${sentences} sentences)`, columns, runs.map((run) => scoreRow(run, rows.map((row) => row.summary))), log);
}

/**
 * Story grouping on real reports: every Multi-News article (each story told by 2–9 outlets)
 * mixed into one pool, grouped as a briefing would, scored by pairwise precision and recall
 * against the true stories. Titles are unknown here (the first 90 characters stand in), and
 * all articles get the same date, so only the wording separates stories.
 */
async function grouping(limit: number | undefined, log: (line: string) => void): Promise<void> {
  const rows = (await readJsonl<MultiNewsRow>('multinews/dev.jsonl')).slice(0, limit);
  const everything = rows.flatMap((row, story) => row.articles.map((article) => ({ story, text: article.text })));
  // Archive and error pages that Multi-News kept as "articles"; alike across stories, so shown apart.
  const notArticle = /Alexa Internet|These crawls are part of an effort|Tweet with a location|location to your Tweets|interactive transcript could not be loaded|page you requested (was|could) not (be )?found/i;
  const table: Array<Array<string | number>> = [];
  for (const [name, pool] of [
    ['all articles', everything],
    ['without archive/error pages', everything.filter((item) => !notArticle.test(item.text))],
  ] as const) {
    const started = performance.now();
    const features = pool.map((item, i) =>
      profileArticle({ id: String(i), title: item.text.replace(/\s+/g, ' ').slice(0, 90), source: 'x', ingestedAt: '2026-11-20T00:00:00.000Z', contentHash: '', signature: '' }, item.text).features,
    );
    const groups = clusterStories(features);
    const ms = performance.now() - started;
    const groupOf = new Map<number, number>();
    groups.forEach((members, g) => members.forEach((member) => groupOf.set(member, g)));
    let together = 0;
    let correct = 0;
    let same = 0;
    for (let a = 0; a < pool.length; a += 1) {
      for (let b = a + 1; b < pool.length; b += 1) {
        const isSame = pool[a]!.story === pool[b]!.story;
        const grouped = groupOf.get(a) === groupOf.get(b);
        if (isSame) same += 1;
        if (grouped) together += 1;
        if (isSame && grouped) correct += 1;
      }
    }
    const precision = correct / Math.max(together, 1);
    const recall = correct / Math.max(same, 1);
    const stories = new Set(pool.map((item) => item.story)).size;
    table.push([name, pool.length, stories, groups.length, round(precision * 100), round(recall * 100), round((200 * precision * recall) / Math.max(precision + recall, 1e-9)), Math.round(ms)]);
  }
  printTable(`Story grouping: Multi-News articles of ${rows.length} stories mixed together`, ['pool', 'articles', 'true stories', 'groups found', 'pair precision', 'pair recall', 'F1', 'ms (profile + group)'], table, log);
}

/**
 * Summary quality: newsbrief, Lead baselines and npm summarizers in one run with one scorer
 * (rouge-score compatible ROUGE F1), on CNN/DailyMail, RoSE and Multi-News.
 * Flags: `--limit N` examples per data set; `--data cnndm|rose|multinews|grouping` one data set;
 * `--llm` adds the configured LLM (LLM_MODEL, OPENAI_BASE_URL / OPENAI_API_KEY) as a row on the
 * single-article tables, with newsbrief's prompt and source check.
 */
export const summariesEval: EvalSection = {
  name: 'summaries',
  async run({ flags, log }) {
    const limitFlag = flagValue(flags, '--limit');
    const limit = limitFlag === undefined ? undefined : Number(limitFlag);
    const data = flagValue(flags, '--data');
    const llm = flags.includes('--llm') ? await llmSummarizerFromEnv(process.env) : undefined;
    if (flags.includes('--llm') && llm === undefined) throw new Error('--llm: LLM mode is not configured; set LLM_MODEL and OPENAI_BASE_URL (and OPENAI_API_KEY for a hosted API) in the environment or .env.');
    if (data === undefined || data === 'cnndm') await cnndm(limit, log, llm);
    if (data === undefined || data === 'rose') await rose(limit, log, llm);
    if (llm) log(llm.statsLine());
    if (data === undefined || data === 'multinews') await multiNews(limit, log);
    if (data === undefined || data === 'grouping') await grouping(limit, log);
  },
};
