import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArticleInput } from '../src/domain/article.ts';
import { createBriefingService } from '../src/briefing/service.ts';
import { summarizeText } from '../src/briefing/summarize.ts';
import { openArticleStore } from '../src/store/article-store.ts';
import { openKeyvBackend } from '../src/store/keyv-backend.ts';
import { readJsonl } from './eval-data.ts';
import type { Bench } from './run.ts';
import { percentile, printTable } from './table.ts';

const hour = 3600_000;
const end = Date.UTC(2026, 10, 25, 8);

/**
 * About 1,000 real articles: every Multi-News article (real multi-outlet stories, 2–9
 * articles each) and CNN/DailyMail articles as single stories, spread over three days.
 */
async function corpus(count: number): Promise<ArticleInput[]> {
  const stories = await readJsonl<{ id: string; articles: Array<{ text: string }> }>('multinews/dev.jsonl');
  const singles = await readJsonl<{ id: string; article: string }>('cnndm/dev.jsonl');
  const out: ArticleInput[] = [];
  const titleOf = (text: string) => text.replace(/\s+/g, ' ').slice(0, 90).replace(/\s+\S*$/, '');
  stories.forEach((story, s) => {
    story.articles.forEach((article, a) => {
      out.push({ title: titleOf(article.text), text: article.text, url: `https://outlet${a}.example/${story.id}`, source: `Outlet ${a}`, publishedAt: new Date(end - ((s * 7) % 72) * hour - a * 600_000).toISOString() });
    });
  });
  singles.forEach((row, i) => {
    out.push({ title: titleOf(row.article), text: row.article, url: `https://single.example/${row.id}`, source: `Outlet ${i % 9}`, publishedAt: new Date(end - ((i * 13) % 72) * hour).toISOString() });
  });
  return out.slice(0, count);
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Briefing speed: one article summarised, and a digest over ~1,000 stored articles (sqlite), cold and warm. */
export const briefingBench: Bench = {
  name: 'briefing',
  async run() {
    const singles = (await readJsonl<{ article: string }>('cnndm/dev.jsonl')).map((row) => row.article);
    for (const text of singles) summarizeText(text);
    const perArticle: number[] = [];
    for (const text of singles) {
      const started = performance.now();
      summarizeText(text, { sentences: 3 });
      perArticle.push(performance.now() - started);
    }
    const words = singles.map((text) => text.split(/\s+/).length);
    printTable(
      'Summarise one article (summarizeText, 3 sentences, warm)',
      ['articles', 'median words', 'median ms', 'p90 ms', 'max ms'],
      [[singles.length, percentile(words, 50), percentile(perArticle, 50), percentile(perArticle, 90), Math.max(...perArticle)]],
    );

    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-briefing-bench-'));
    try {
      const backend = await openKeyvBackend({ dataDir: dir });
      const now = () => new Date(end);
      const store = await openArticleStore({ backend, now });
      await store.addMany(await corpus(1_000));
      const rows: Array<Array<string | number>> = [];
      const all = { since: end - 4 * 24 * hour, maxItems: 6 };
      rows.push(['first /brief of a new service (cold: reads and profiles every text)', store.size, 1, await time(() => createBriefingService({ store, now }).brief(all))]);
      const afterWarm: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const fresh = createBriefingService({ store, now });
        await fresh.warm();
        afterWarm.push(await time(() => fresh.brief(all)));
      }
      rows.push(['first /brief after warm() (groups stories, splits the chosen ones)', store.size, afterWarm.length, percentile(afterWarm, 50)]);
      const service = createBriefingService({ store, now });
      await service.brief(all);
      const shifted: number[] = [];
      for (let i = 1; i <= 10; i += 1) shifted.push(await time(() => service.brief({ ...all, since: end - (48 + i) * hour })));
      rows.push(['/brief, a new window each time (grouping recomputed) (median of 10)', '≈650', 10, percentile(shifted, 50)]);
      for (const [name, request] of [
        ['repeat /brief, same window (grouping reused)', all],
        ['/brief 10 stories, 24 h', { since: end - 24 * hour, maxItems: 11 }],
        ['/brief topic "police", 4 days', { topics: ['police'], since: all.since, maxItems: 6 }],
      ] as const) {
        const samples: number[] = [];
        for (let i = 0; i < 10; i += 1) samples.push(await time(() => service.brief(request)));
        const considered = (await service.brief(request)).articleCount;
        rows.push([`${name} (median of 10)`, considered, 10, percentile(samples, 50)]);
      }
      printTable(`Digest over stored articles (sqlite store, ${store.size} articles)`, ['briefing', 'articles considered', 'runs', 'ms'], rows);
      await backend.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
