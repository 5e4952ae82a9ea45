import type { ArticleStore } from '../../src/store/article-store.ts';
import type { SubscriptionStore } from '../../src/subscriptions/subscription-store.ts';

/** Values offered while someone types an option with autocomplete. */
export interface Suggestions {
  topics(query: string): Promise<string[]>;
  sources(query: string): Promise<string[]>;
}

const stopWords = new Set(
  'about above after again against also amid among been before being below between both could does doing down during each from further have having here into more most once only other over same should some such than that their theirs them then there these they this those through under until very were what when where which while will with would your says said year years week new news'.split(' '),
);

function ranked(counts: ReadonlyMap<string, number>, query: string, limit: number): string[] {
  const needle = query.trim().toLowerCase();
  return [...counts.entries()]
    .filter(([value]) => value.toLowerCase().includes(needle))
    .sort((a, b) => (b[0].toLowerCase().startsWith(needle) ? 1 : 0) - (a[0].toLowerCase().startsWith(needle) ? 1 : 0) || b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([value]) => value);
}

/**
 * Suggestions from what the bot already knows: outlets of stored articles, and topics
 * from subscriptions plus frequent words in recent headlines. Recomputed at most once a minute.
 */
export function createSuggestions(deps: { articles?: ArticleStore | undefined; subscriptions?: SubscriptionStore | undefined; now: () => Date; limit?: number }): Suggestions {
  const limit = deps.limit ?? 25;
  let cache: { at: number; sources: Map<string, number>; topics: Map<string, number> } | undefined;

  async function counts() {
    const now = deps.now().getTime();
    if (cache && now - cache.at < 60_000) return cache;
    const sources = new Map<string, number>();
    const topics = new Map<string, number>();
    for (const meta of deps.articles?.list({ since: now - 30 * 24 * 3600_000 }) ?? []) {
      sources.set(meta.source, (sources.get(meta.source) ?? 0) + 1);
      for (const word of meta.title.toLowerCase().match(/[\p{L}][\p{L}\p{N}'-]{3,}/gu) ?? []) {
        if (!stopWords.has(word)) topics.set(word, (topics.get(word) ?? 0) + 1);
      }
    }
    for (const subscription of (await deps.subscriptions?.list()) ?? []) {
      for (const topic of subscription.topics) topics.set(topic, (topics.get(topic) ?? 0) + 100);
    }
    cache = { at: now, sources, topics };
    return cache;
  }

  return {
    topics: async (query) => ranked((await counts()).topics, query, limit),
    sources: async (query) => ranked((await counts()).sources, query, limit),
  };
}
