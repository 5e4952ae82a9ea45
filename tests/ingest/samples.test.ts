import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSampleArticles } from '../../src/ingest/samples.ts';
import { openArticleStore } from '../../src/store/article-store.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { makeArticleInput } from '../fixtures/articles.ts';

describe('loadSampleArticles', () => {
  it('moves the dates so the newest article is an hour old, keeping the gaps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samples-'));
    const path = join(dir, 'articles.jsonl');
    const lines = [makeArticleInput({ publishedAt: '2026-11-16T05:00:00Z' }), makeArticleInput({ publishedAt: '2026-11-22T20:00:00Z' })];
    writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"broken"\n`);
    const now = new Date('2027-03-01T12:00:00Z');
    const store = await openArticleStore({ backend: await openKeyvBackend({ memory: true }), now: () => now });
    expect(await loadSampleArticles(store, path, now)).toBe(2);
    const dates = store.list().map((meta) => meta.publishedAt);
    expect(dates).toEqual(['2027-03-01T11:00:00.000Z', new Date(Date.parse('2027-03-01T11:00:00Z') - (Date.parse('2026-11-22T20:00:00Z') - Date.parse('2026-11-16T05:00:00Z'))).toISOString()]);
  });
});
