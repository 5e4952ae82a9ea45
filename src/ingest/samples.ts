import { readFile } from 'node:fs/promises';
import type { ArticleInput } from '../domain/article.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { parseJsonl } from './documents.ts';
import { isItemError } from './feed.ts';

/**
 * Loads the sample articles written for newsbrief into a store, moving their dates so the
 * newest lands an hour before `now` (keeping the gaps between them), so "the last 24 hours"
 * always has stories in it. Returns how many were stored.
 */
export async function loadSampleArticles(store: ArticleStore, path: string | URL, now: Date): Promise<number> {
  const items = parseJsonl(await readFile(path, 'utf8')).filter((item): item is ArticleInput => !isItemError(item));
  const times = items.map((item) => Date.parse(item.publishedAt ?? '')).filter((time) => !Number.isNaN(time));
  const shift = times.length > 0 ? now.getTime() - 3600_000 - Math.max(...times) : 0;
  const shifted = items.map((item) => {
    const time = Date.parse(item.publishedAt ?? '');
    return Number.isNaN(time) ? item : { ...item, publishedAt: new Date(time + shift).toISOString() };
  });
  const outcomes = await store.addMany(shifted);
  return outcomes.filter((outcome) => !(outcome instanceof Error) && outcome.status === 'added').length;
}

/** The URLs of the sample articles, to recognise them in a store. */
export async function sampleUrls(path: string | URL): Promise<string[]> {
  return parseJsonl(await readFile(path, 'utf8'))
    .filter((item): item is ArticleInput => !isItemError(item))
    .flatMap((item) => (item.url ? [item.url] : []));
}
