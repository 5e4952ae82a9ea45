import type { Article, ArticleMeta } from '../domain/article.ts';
import type { Briefing } from '../domain/briefing.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { createStoryClusterer } from './cluster.ts';
import { buildBriefing } from './digest.ts';
import { prepareDocument, type PreparedDocument } from './document.ts';
import { profileArticle, type ArticleProfile } from './profile.ts';
import { summarizeText } from './summarize.ts';

/** What `/brief` and the daily digest ask for (the same shape as `BriefRequest` in commands/deps.ts). */
export interface BriefingRequest {
  topics?: readonly string[] | undefined;
  since?: number | undefined;
  until?: number | undefined;
  maxItems?: number | undefined;
  offset?: number | undefined;
}

/** The local briefing engine: digests of stored articles and single-article summaries. */
export interface BriefingService {
  brief(request: BriefingRequest): Promise<Briefing>;
  summarizeArticle(article: Article, options?: { sentences?: number }): string[];
  /**
   * Reads and profiles the newest stored articles ahead of the first briefing (a cold
   * briefing over 1,000 articles reads every text; a warm one only the chosen stories').
   * Resolves to how many articles are ready.
   */
  warm(): Promise<number>;
}

export interface BriefingServiceDeps {
  store: ArticleStore;
  now: () => Date;
  /** Sentences per story (1–3, default 2). */
  sentencesPerItem?: number | undefined;
  /** Character budget per story's sentences instead of a count. */
  maxCharsPerItem?: number | undefined;
  /** Most articles one briefing considers (newest first), so a huge window stays fast. Default 2,000. */
  maxArticles?: number | undefined;
}

/** Profiles and prepared sentences of articles already seen, kept between briefings (articles never change text). */
const cacheLimit = 5_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/**
 * Creates the local briefing engine over the article store. No network and no model:
 * stories are grouped by TF-IDF similarity of headlines and leads, ranked, and summarised
 * with verbatim sentences, each citing its article.
 *
 * @example
 * const briefings = createBriefingService({ store, now: () => new Date() });
 * const briefing = await briefings.brief({ topics: ['ukraine'], since: Date.now() - 86_400_000, maxItems: 5 });
 */
export function createBriefingService(deps: BriefingServiceDeps): BriefingService {
  const profiles = new Map<string, ArticleProfile>();
  const documents = new Map<string, PreparedDocument>();
  const maxArticles = deps.maxArticles ?? 2_000;
  // The same window gives the same stories: "More" pages stay consistent and repeat briefings are cheap.
  const groupings = new Map<string, number[][]>();
  const clusterer = createStoryClusterer();

  function groupStories(list: readonly ArticleProfile[]): number[][] {
    const key = list.map((profile) => profile.meta.id).join(',');
    const cached = groupings.get(key);
    if (cached) return cached;
    if (groupings.size >= 8) groupings.delete(groupings.keys().next().value!);
    const groups = clusterer.cluster(list.map((profile) => profile.features));
    groupings.set(key, groups);
    return groups;
  }

  async function profilesOf(metas: readonly ArticleMeta[]): Promise<ArticleProfile[]> {
    const missing = metas.filter((meta) => profiles.get(meta.id)?.meta !== meta);
    if (missing.length > 0) {
      const articles = await deps.store.getMany(missing.map((meta) => meta.id));
      articles.forEach((article, i) => {
        const meta = missing[i]!;
        const profile = remember(profiles, meta.id, profileArticle(meta, article?.text ?? ''));
        clusterer.prepare(profile.features);
      });
    }
    return metas.map((meta) => profiles.get(meta.id)!);
  }

  async function documentsOf(metas: readonly ArticleMeta[]): Promise<PreparedDocument[]> {
    const missing = metas.filter((meta) => !documents.has(meta.id));
    if (missing.length > 0) {
      const articles = await deps.store.getMany(missing.map((meta) => meta.id));
      articles.forEach((article, i) => {
        const meta = missing[i]!;
        remember(documents, meta.id, prepareDocument(article?.text ?? '', meta.title));
      });
    }
    return metas.map((meta) => documents.get(meta.id) ?? prepareDocument('', meta.title));
  }

  return {
    async brief(request) {
      const now = deps.now();
      const until = request.until ?? now.getTime();
      const metas = deps.store.list({ since: request.since, until, limit: maxArticles });
      const window = await profilesOf(metas);
      return buildBriefing(window, (indices) => documentsOf(indices.map((index) => window[index]!.meta)), {
        topics: request.topics,
        since: request.since,
        until,
        maxItems: request.maxItems,
        offset: request.offset,
        sentencesPerItem: deps.sentencesPerItem,
        maxCharsPerItem: deps.maxCharsPerItem,
        now,
        groupStories,
      });
    },
    async warm() {
      return (await profilesOf(deps.store.list({ limit: maxArticles }))).length;
    },
    summarizeArticle(article, options = {}) {
      return summarizeText(article.text, { sentences: options.sentences ?? 3, title: article.title });
    },
  };
}
