import { llmAnswersFromEnv } from './llm-eval.ts';
import { readFile } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { answerConfidence, createAnswerEngine, defaultThreshold, type AnswerEngine } from '../src/answers/answer-engine.ts';
import { analyseQuestion } from '../src/answers/question.ts';
import { createSearchService } from '../src/answers/search-service.ts';
import type { Answer } from '../src/domain/answer.ts';
import type { ArticleInput } from '../src/domain/article.ts';
import { silentLogger } from '../src/log.ts';
import { openArticleStore, type ArticleStore } from '../src/store/article-store.ts';
import { openKeyvBackend } from '../src/store/keyv-backend.ts';
import { splitSentences } from '../src/text/sentences.ts';
import type { EvalSection } from './eval-section.ts';

/** ../shared/eval beside the repository, or NEWSBRIEF_EVAL_DIR. */
export function qaEvalDir(): URL {
  const fromEnv = process.env.NEWSBRIEF_EVAL_DIR;
  if (fromEnv) return new URL(fromEnv.endsWith('/') ? `file://${fromEnv}` : `file://${fromEnv}/`);
  return new URL('../../shared/eval/', import.meta.url);
}

async function jsonl<T>(dir: URL, path: string): Promise<T[]> {
  const text = await readFile(new URL(path, dir), 'utf8');
  return text.split('\n').filter((line) => line.trim().length > 0).map((line) => JSON.parse(line) as T);
}

interface Question {
  id: string;
  question: string;
  answers: string[];
  answerInPassages: boolean;
  set: 'realtimeqa' | 'newsqa';
}

/** SQuAD-style answer normalisation: lowercase, no punctuation or articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `text` contains one of the answers as whole words. */
export function containsAnswer(text: string, answers: readonly string[]): boolean {
  const haystack = ` ${normalizeAnswer(text)} `;
  return answers.some((answer) => {
    const needle = normalizeAnswer(answer);
    return needle.length > 0 && haystack.includes(` ${needle} `);
  });
}

export function tokenF1(prediction: string, answers: readonly string[]): number {
  const predicted = normalizeAnswer(prediction).split(' ').filter(Boolean);
  let best = 0;
  for (const answer of answers) {
    const gold = normalizeAnswer(answer).split(' ').filter(Boolean);
    const counts = new Map<string, number>();
    for (const token of gold) counts.set(token, (counts.get(token) ?? 0) + 1);
    let common = 0;
    for (const token of predicted) {
      const left = counts.get(token) ?? 0;
      if (left > 0) {
        common += 1;
        counts.set(token, left - 1);
      }
    }
    if (common === 0) continue;
    const precision = common / predicted.length;
    const recall = common / gold.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}

/** A headline from a news URL's slug (the eval passages have none): ".../serena-williams-retirement/index.html". */
function titleFromUrl(url: string, text: string): string {
  const segments = new URL(url).pathname.split('/').filter((segment) => segment.includes('-') && !segment.includes('.'));
  const slug = segments.at(-1);
  return slug ? slug.replace(/-/g, ' ') : leadTitle(text);
}

function leadTitle(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 90).replace(/\s+\S*$/, '');
}

interface Corpus {
  inputs: ArticleInput[];
  /** Which collection each input came from. */
  groups: Array<'realtimeqa' | 'newsqa' | 'cnndm'>;
  questions: Question[];
}

async function loadCorpus(dir: URL): Promise<Corpus> {
  const realtime = await jsonl<{ id: string; url: string; text: string; publishedAt?: string }>(dir, 'realtimeqa/passages.jsonl');
  const newsqa = await jsonl<{ id: string; text: string }>(dir, 'newsqa/passages.jsonl');
  const cnndm = await jsonl<{ id: string; article: string }>(dir, 'cnndm/dev.jsonl');
  const inputs: ArticleInput[] = [
    ...realtime.map((row) => ({ title: titleFromUrl(row.url, row.text), text: row.text, url: row.url, source: 'CNN', publishedAt: row.publishedAt })),
    ...newsqa.map((row) => ({ title: leadTitle(row.text), text: row.text, source: 'CNN' })),
    ...cnndm.map((row) => ({ title: leadTitle(row.article), text: row.article, source: 'CNN' })),
  ];
  const questions: Question[] = [
    ...(await jsonl<Omit<Question, 'set'>>(dir, 'realtimeqa/dev.jsonl')).map((row) => ({ ...row, set: 'realtimeqa' as const })),
    ...(await jsonl<Omit<Question, 'set'>>(dir, 'newsqa/dev.jsonl')).map((row) => ({ ...row, set: 'newsqa' as const })),
  ];
  const groups = [...realtime.map(() => 'realtimeqa' as const), ...newsqa.map(() => 'newsqa' as const), ...cnndm.map(() => 'cnndm' as const)];
  return { inputs, groups, questions };
}

interface Scores {
  answerable: number;
  recall1: number;
  recall5: number;
  quote: number;
  f1: number;
  abstainAnswerable: number;
  unanswerable: number;
  abstainUnanswerable: number;
  quoteWords: number;
  quoted: number;
}

interface Prediction {
  ranked: string[];
  answer: Answer;
}

async function score(questions: readonly Question[], texts: ReadonlyMap<string, string>, predict: (question: Question) => Promise<Prediction>): Promise<Scores> {
  const s: Scores = { answerable: 0, recall1: 0, recall5: 0, quote: 0, f1: 0, abstainAnswerable: 0, unanswerable: 0, abstainUnanswerable: 0, quoteWords: 0, quoted: 0 };
  for (const question of questions) {
    const { ranked, answer } = await predict(question);
    if (!question.answerInPassages) {
      s.unanswerable += 1;
      if (answer.abstained) s.abstainUnanswerable += 1;
      continue;
    }
    s.answerable += 1;
    const holds = (id: string) => containsAnswer(texts.get(id) ?? '', question.answers);
    if (ranked.slice(0, 1).some(holds)) s.recall1 += 1;
    if (ranked.slice(0, 5).some(holds)) s.recall5 += 1;
    if (answer.abstained) {
      s.abstainAnswerable += 1;
      continue;
    }
    if (containsAnswer(answer.quote ?? '', question.answers)) s.quote += 1;
    s.quoted += 1;
    s.quoteWords += (answer.quote ?? '').split(/\s+/).filter(Boolean).length;
    s.f1 += tokenF1(answer.answer ?? '', question.answers);
  }
  return s;
}

function row(name: string, s: Scores): string {
  const r = (value: number, of: number) => (of === 0 ? '–' : (value / of).toFixed(3));
  return `| ${name} | ${s.answerable} | ${r(s.recall1, s.answerable)} | ${r(s.recall5, s.answerable)} | ${r(s.quote, s.answerable)} | ${r(s.f1, s.answerable)} | ${r(s.abstainAnswerable, s.answerable)} | ${r(s.abstainUnanswerable, s.unanswerable)} (${s.unanswerable}) | ${s.quoted === 0 ? '–' : Math.round(s.quoteWords / s.quoted)} |`;
}

const header = ['| system | answerable | recall@1 | recall@5 | quote accuracy | short-answer F1 | abstains (answerable) | abstains (answer not in passages) | quote words (mean) |', '|---|---|---|---|---|---|---|---|---|'];

/** The plain baseline: MiniSearch's default BM25, best-overlap sentence of the top article. */
function baseline(inputs: readonly ArticleInput[], ids: readonly string[]): (question: Question) => Promise<Prediction> {
  const mini = new MiniSearch<{ id: string; title: string; text: string }>({ fields: ['title', 'text'], storeFields: [] });
  const docs = new Map<string, { title: string; text: string }>();
  inputs.forEach((input, i) => {
    const id = ids[i];
    if (id === undefined || docs.has(id)) return;
    docs.set(id, input);
    mini.add({ id, title: input.title, text: input.text });
  });
  return async (question) => {
    const ranked = mini.search(question.question).map((hit) => String(hit.id));
    const top = ranked[0];
    if (top === undefined) return { ranked, answer: { question: question.question, abstained: true, citations: [] } };
    const words = new Set(question.question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    let best = '';
    let bestOverlap = -1;
    for (const sentence of splitSentences(docs.get(top)!.text)) {
      const overlap = new Set((sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => words.has(word))).size;
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = sentence;
      }
    }
    return { ranked, answer: { question: question.question, abstained: false, answer: best, quote: best, citations: [] } };
  };
}

async function ingest(store: ArticleStore, inputs: readonly ArticleInput[]): Promise<string[]> {
  const outcomes = await store.addMany(inputs);
  return outcomes.map((outcome) => (outcome instanceof Error ? '' : outcome.status === 'added' ? outcome.article.id : outcome.id));
}

/**
 * Question answering on ../shared/eval: realtimeqa and newsqa passages plus cnndm distractors
 * in one store; newsbrief's engine beside the plain baseline. `--calibrate` prints abstention
 * at several thresholds; `--halves` scores even- and odd-numbered questions apart; `--llm` adds the
 * configured model (LLM_MODEL, OPENAI_BASE_URL / OPENAI_API_KEY) around the same engine, as /ask runs it.
 */
export const qaEval: EvalSection = {
  name: 'answers',
  async run({ flags, log }) {
    const dir = qaEvalDir();
    const { inputs, groups, questions } = await loadCorpus(dir);
    const backend = await openKeyvBackend({ memory: true });
    const now = () => new Date('2026-11-25T08:00:00.000Z');
    const store = await openArticleStore({ backend, now });
    const ids = await ingest(store, inputs);
    const search = await createSearchService({ store, backend, now, logger: silentLogger(), persistDelayMs: 0 });
    const texts = new Map<string, string>();
    inputs.forEach((input, i) => {
      if (ids[i]) texts.set(ids[i]!, `${input.title}\n${input.text}`);
    });
    const engine: AnswerEngine = createAnswerEngine({ store, search, now });
    const ours = async (question: Question): Promise<Prediction> => ({ ranked: engine.rank(question.question, 5), answer: await engine.ask(question.question) });
    log(`${store.size} articles stored (${inputs.length} inputs: realtimeqa + newsqa passages, cnndm distractors); ${questions.length} questions.`);
    log('');
    log(header[0]!);
    log(header[1]!);
    log(row('baseline: MiniSearch BM25 + best-overlap sentence', await score(questions, texts, baseline(inputs, ids))));
    log(row('newsbrief', await score(questions, texts, ours)));
    const oneSentence = async (question: Question): Promise<Prediction> => {
      const prediction = await ours(question);
      const [best] = await engine.candidates(analyseQuestion(question.question));
      return { ...prediction, answer: { ...prediction.answer, quote: best?.sentence } };
    };
    log(row('newsbrief, quote cut to its best sentence', await score(questions, texts, oneSentence)));
    for (const set of ['realtimeqa', 'newsqa'] as const) log(row(`newsbrief, ${set} only`, await score(questions.filter((q) => q.set === set), texts, ours)));
    if (flags.includes('--llm')) {
      // The configured model around the same engine, as /ask runs it: its answer, checked, or the local one.
      const llm = await llmAnswersFromEnv(process.env, { backend, store, local: engine, search });
      if (llm === undefined) throw new Error('--llm: LLM mode is not configured; set LLM_MODEL and OPENAI_BASE_URL (and OPENAI_API_KEY for a hosted API) in the environment or .env.');
      log(row(llm.name, await score(questions, texts, async (question) => ({ ranked: engine.rank(question.question, 5), answer: await llm.answers.ask(question.question) }))));
      log('');
      log(await llm.statsLine());
      await llm.close();
    }
    if (flags.includes('--halves')) {
      for (const [name, parity] of [['even', 0], ['odd', 1]] as const) log(row(`newsbrief, ${name} questions`, await score(questions.filter((_, i) => i % 2 === parity), texts, ours)));
    }
    // Stories that are not stored: each set's questions against a store without that set's passages.
    const absent: Array<{ confidence: number; abstained: boolean }> = [];
    for (const set of ['realtimeqa', 'newsqa'] as const) {
      const otherBackend = await openKeyvBackend({ memory: true });
      const otherStore = await openArticleStore({ backend: otherBackend, now });
      await ingest(otherStore, inputs.filter((_, i) => groups[i] !== set));
      const otherSearch = await createSearchService({ store: otherStore, backend: otherBackend, now, logger: silentLogger(), persistDelayMs: 0 });
      const otherEngine = createAnswerEngine({ store: otherStore, search: otherSearch, now });
      for (const question of questions.filter((q) => q.set === set)) {
        const ranked = await otherEngine.candidates(analyseQuestion(question.question));
        absent.push({ confidence: answerConfidence(ranked), abstained: (await otherEngine.ask(question.question)).abstained });
      }
      await otherSearch.close();
      await otherBackend.close();
    }
    const present: Array<{ confidence: number; correct: boolean; answerable: boolean }> = [];
    for (const question of questions) {
      const ranked = await engine.candidates(analyseQuestion(question.question));
      const best = ranked[0];
      present.push({ confidence: answerConfidence(ranked), correct: best !== undefined && containsAnswer(best.sentence, question.answers), answerable: question.answerInPassages });
    }
    const rate = (part: number, of: number) => (of === 0 ? '–' : (part / of).toFixed(3));
    log('');
    log(`Abstains on ${rate(absent.filter((r) => r.abstained).length, absent.length)} of ${absent.length} questions whose story is not stored (each set's questions against a store without its passages; threshold ${defaultThreshold}).`);
    if (flags.includes('--calibrate')) {
      log('');
      log('| threshold | answers (answerable) | best sentence holds the answer | abstains (answer not in passages) | abstains (story not stored) |');
      log('|---|---|---|---|---|');
      const answerable = present.filter((r) => r.answerable);
      const unanswerable = present.filter((r) => !r.answerable);
      for (let t = 0.2; t <= 0.81; t += 0.05) {
        log(`| ${t.toFixed(2)} | ${rate(answerable.filter((r) => r.confidence >= t).length, answerable.length)} | ${rate(answerable.filter((r) => r.confidence >= t && r.correct).length, answerable.length)} | ${rate(unanswerable.filter((r) => r.confidence < t).length, unanswerable.length)} | ${rate(absent.filter((r) => r.confidence < t).length, absent.length)} |`);
      }
    }
    await search.close();
    await backend.close();
  },
};

if (import.meta.main) {
  await qaEval.run({ flags: process.argv.slice(2), log: (line) => console.log(line) });
}
