import { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestJsonlStream } from '../src/ingest/ingest.ts';
import { openArticleStore } from '../src/store/article-store.ts';
import { openKeyvBackend } from '../src/store/keyv-backend.ts';
import { loadEvalArticles } from './eval-data.ts';
import { printTable } from './table.ts';
import type { Bench } from './run.ts';

function thirds(text: string): [string, string, string] {
  const words = text.split(' ');
  const size = Math.ceil(words.length / 3);
  return [words.slice(0, size).join(' '), words.slice(size, 2 * size).join(' '), words.slice(2 * size).join(' ')];
}

/**
 * A JSONL batch built from the real CNN/DailyMail articles in ../shared/eval: each line
 * splices thirds of three different articles (so no two lines are near-copies), and one
 * line in ten repeats an earlier line exactly or lightly edited, as a feed backlog would.
 */
function batch(count: number, articles: readonly { title: string; text: string }[]): string {
  const n = articles.length;
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i >= 100 && i % 20 === 3) {
      lines.push(lines[i - 97]!);
      continue;
    }
    if (i >= 100 && i % 20 === 13) {
      const earlier = JSON.parse(lines[i - 89]!) as { title: string; text: string };
      lines.push(JSON.stringify({ ...earlier, text: `${earlier.text}\n\nThis story was updated.`, url: `https://mirror.example/${i}` }));
      continue;
    }
    const a = articles[i % n]!;
    const round = Math.floor(i / n);
    const b = articles[(i + 1 + round * 37) % n]!;
    const c = articles[(i + 2 + round * 101) % n]!;
    const text = [thirds(a.text)[0], thirds(b.text)[1], thirds(c.text)[2]].join('\n\n');
    lines.push(JSON.stringify({ title: `${a.title} (${i})`, text, url: `https://bench.example/${i}`, source: `Outlet ${i % 13}`, publishedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() }));
  }
  return `${lines.join('\n')}\n`;
}

async function measure(count: number, backendKind: 'sqlite'): Promise<(string | number)[]> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-'));
  try {
    const backend = await openKeyvBackend({ dataDir: dir });
    const store = await openArticleStore({ backend });
    const input = batch(count, await loadEvalArticles());
    const counts = { added: 0, duplicate: 0, error: 0 };
    const started = performance.now();
    for await (const item of ingestJsonlStream(Readable.from([input]), { store })) counts[item.status] += 1;
    const seconds = (performance.now() - started) / 1000;
    const reopenStarted = performance.now();
    const reopened = await openArticleStore({ backend });
    const reopenMs = performance.now() - reopenStarted;
    await backend.close();
    return [backendKind, count, counts.added, counts.duplicate, counts.error, seconds, Math.round(count / seconds), Math.round(reopenMs), reopened.size];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const ingestBench: Bench = {
  name: 'ingest',
  async run() {
    const rows = [await measure(10_000, 'sqlite')];
    printTable('Ingest a JSONL batch with dedupe on (ingest --jsonl path)', ['store', 'lines', 'added', 'duplicates', 'errors', 'seconds', 'articles/s', 'reopen ms', 'stored after reopen'], rows);
  },
};
