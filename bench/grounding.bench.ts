import { checkGrounding, type GroundingSource } from '../src/llm/grounding.ts';
import { namesIn, numbersIn } from '../src/llm/lexical.ts';
import { echoFirstSource, startFakeOpenAi } from '../tests/fakes/openai-api.ts';
import { readJsonl } from './eval-data.ts';
import { llmSummarizerFromEnv } from './llm-eval.ts';
import type { Bench } from './run.ts';
import { printTable } from './table.ts';

interface Row {
  article: string;
  highlights: string;
}

function sourceOf(row: Row, n = 1): GroundingSource {
  return { n, articleId: `a${n}`, title: row.article.slice(0, 90), source: 'CNN', text: row.article };
}

function lines(row: Row): string[] {
  return row.highlights.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
}

/**
 * How the source check treats real abstractive sentences: CNN/DailyMail's human-written
 * highlights (faithful paraphrases) cited against their own article should mostly pass;
 * the same highlights cited against another article (cross-wired), or with one number
 * or one name changed to something the article does not contain, should not.
 */
export const groundingBench: Bench = {
  name: 'grounding',
  async run() {
    const rows = await readJsonl<Row>('cnndm/dev.jsonl');
    const cases: Record<string, { kept: number; total: number }> = { faithful: { kept: 0, total: 0 }, crossWired: { kept: 0, total: 0 }, number: { kept: 0, total: 0 }, name: { kept: 0, total: 0 } };
    const faithfulReasons: Record<string, number> = {};
    const count = (name: string, output: string, sources: GroundingSource[]) => {
      const result = checkGrounding(output, sources);
      if (name === 'faithful') for (const [reason, n] of Object.entries(result.reasons)) faithfulReasons[reason] = (faithfulReasons[reason] ?? 0) + n;
      cases[name]!.kept += result.kept.length;
      cases[name]!.total += 1;
    };
    let checked = 0;
    const started = performance.now();
    rows.forEach((row, index) => {
      const own = [sourceOf(row)];
      const other = rows[(index + 1) % rows.length]!;
      for (const line of lines(row)) {
        count('faithful', `${line} [1]`, own);
        count('crossWired', `${line} [1]`, [sourceOf(other)]);
        checked += 2;
        const number = [...numbersIn(line)][0];
        if (number !== undefined && line.includes(number)) {
          const changed = String(Number(number) + 7);
          if (!numbersIn(row.article, { words: true }).has(changed)) {
            count('number', `${line.replace(number, changed)} [1]`, own);
            checked += 1;
          }
        }
        const name = namesIn(line).find((item) => !item.first);
        const foreign = namesIn(lines(other).join(' ')).find((item) => !item.first && !row.article.toLowerCase().includes(item.word));
        if (name && foreign) {
          const pattern = new RegExp(`\\b${name.word}\\b`, 'i');
          if (pattern.test(line)) {
            count('name', `${line.replace(pattern, foreign.word.charAt(0).toUpperCase() + foreign.word.slice(1))} [1]`, own);
            checked += 1;
          }
        }
      }
    });
    const ms = performance.now() - started;
    const share = (name: string) => (100 * cases[name]!.kept) / Math.max(cases[name]!.total, 1);
    printTable(`Source check on CNN/DailyMail highlights (${rows.length} articles, ${checked.toLocaleString('en')} checks, ${((checked / ms) * 1000).toFixed(0)} checks/s)`, ['case', 'sentences', 'kept %', 'should be'], [
      ['faithful: highlight cites its own article', cases.faithful!.total, share('faithful'), 'high'],
      ['cross-wired: highlight cites another article', cases.crossWired!.total, share('crossWired'), '0'],
      ['one number changed (absent from article)', cases.number!.total, share('number'), '0'],
      ['one name swapped for another story’s', cases.name!.total, share('name'), '0'],
    ]);
    const total = cases.faithful!.total;
    printTable('Why faithful highlights were dropped', ['reason', 'sentences', '% of faithful'], Object.entries(faithfulReasons).sort((a, b) => b[1] - a[1]).map(([reason, n]) => [reason, n, (100 * n) / total]));
  
    // The whole summary path (prompt, HTTP on loopback, parse, check, fallback) with a model that
    // answers with the article's first sentence, cited: verbatim sentences must all pass.
    const api = await startFakeOpenAi();
    api.respond = echoFirstSource;
    try {
      const llm = (await llmSummarizerFromEnv({ LLM_MODEL: 'echo', OPENAI_BASE_URL: api.baseUrl, LLM_DAILY_TOKEN_BUDGET: '0' }))!;
      const pathStarted = performance.now();
      for (const row of rows) await llm.summarize(row.article, 3);
      const msPerDoc = (performance.now() - pathStarted) / rows.length;
      const stats = llm.stats();
      printTable('Summary path through the fake OpenAI server (echo model: first sentence, cited)', ['documents', 'sentences kept', 'dropped', 'drop reasons', 'ms/doc'], [
        [stats.documents, stats.kept, stats.dropped, Object.entries(stats.reasons).map(([reason, n]) => `${reason} ${n}`).join(', ') || '—', msPerDoc],
      ]);
    } finally {
      await api.close();
    }
  },
};
