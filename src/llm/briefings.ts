import type { Article } from '../domain/article.ts';
import type { Briefing, BriefingItem, BriefingSentence } from '../domain/briefing.ts';
import type { Logger } from '../log.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { LlmUnavailableError, unavailableNote, type LlmUnavailableReason } from './errors.ts';
import { checkGrounding, type GroundingResult } from './grounding.ts';
import type { GuardedLlm } from './guarded-llm.ts';
import { lead, sourceOf } from './passages.ts';
import type { BriefingEngine } from './ports.ts';
import { articlePrompt, storyPrompt } from './prompts.ts';
import type { GroundingStats } from './stats.ts';
import type { CachedSummary, SummaryCache } from './summary-cache.ts';

export interface LlmBriefingsOptions {
  /** Stories rewritten at once. */
  concurrency?: number;
  /** Sentences per story (the prompt asks for at most this many). */
  storySentences?: number;
  /** Articles of one story given to the LLM. */
  maxArticlesPerStory?: number;
  /** Characters of each article's lead given to the LLM. */
  leadChars?: number;
}

export interface LlmBriefingsDeps<Request> {
  local: BriefingEngine<Request>;
  llm: GuardedLlm;
  store: Pick<ArticleStore, 'getMany'>;
  cache: SummaryCache;
  logger: Logger;
  stats?: GroundingStats | undefined;
  options?: LlmBriefingsOptions;
}

/** Whether enough of the LLM's sentences passed the check to replace the local summary. */
export function enoughSurvived(result: GroundingResult): boolean {
  return result.kept.length > 0 && result.kept.length >= result.droppedCount;
}

function summaryFrom(result: GroundingResult, model: string, articleIdFor: (n: number) => string | undefined, limit: number): CachedSummary {
  if (!enoughSurvived(result)) return { sentences: [], fallback: true, dropped: result.droppedCount, model };
  const sentences = result.kept.slice(0, limit).map((sentence) => ({
    text: sentence.text,
    articleIds: sentence.sources.map(articleIdFor).filter((id): id is string => id !== undefined),
  }));
  return { sentences, fallback: false, dropped: result.droppedCount, model };
}

type ItemOutcome = { item: BriefingItem; by: 'llm' | 'local'; unavailable?: LlmUnavailableReason | 'error' | undefined; dropped: number };

/**
 * A briefing engine that rewrites each story of the local briefing in 1–3 abstractive
 * sentences with citations, checked against the story's articles. A story whose
 * sentences do not pass keeps its local summary; when the LLM is unavailable (budget,
 * breaker, timeout, error), the whole briefing is the local one, with a note saying so.
 */
export function createLlmBriefings<Request>(deps: LlmBriefingsDeps<Request>): BriefingEngine<Request> {
  const { local, llm, store, cache, logger } = deps;
  const concurrency = deps.options?.concurrency ?? 3;
  const storySentences = deps.options?.storySentences ?? 3;
  const maxArticles = deps.options?.maxArticlesPerStory ?? 5;
  const leadChars = deps.options?.leadChars ?? 1200;

  // One summary per article text, whatever length a caller wants: callers take a prefix.
  async function articleSummary(article: Article): Promise<CachedSummary> {
    const sentences = storySentences;
    const key = cache.key(llm.model, 'article', [article.contentHash], sentences);
    return cache.getOrCreate(key, async () => {
      const source = sourceOf(article, 1, lead(article.text, leadChars));
      const result = await llm.complete('summary', articlePrompt(source, sentences));
      const grounded = checkGrounding(result.text, [source]);
      logDropped(grounded, 'summary', article.id);
      return summaryFrom(grounded, llm.model, () => article.id, sentences);
    });
  }

  async function storySummary(item: BriefingItem, articles: readonly Article[]): Promise<CachedSummary> {
    const key = cache.key(llm.model, 'story', articles.map((article) => article.contentHash), storySentences);
    return cache.getOrCreate(key, async () => {
      const sources = articles.map((article, index) => sourceOf(article, index + 1, lead(article.text, leadChars)));
      const result = await llm.complete('brief', storyPrompt(item.headline, sources, storySentences));
      const grounded = checkGrounding(result.text, sources);
      logDropped(grounded, 'brief', item.articleIds[0]);
      return summaryFrom(grounded, llm.model, (n) => sources[n - 1]?.articleId, storySentences);
    });
  }

  function logDropped(result: GroundingResult, command: string, articleId: string | undefined): void {
    deps.stats?.record(command, result);
    if (result.droppedCount > 0) logger.info({ command, articleId, kept: result.kept.length, dropped: result.droppedCount, reasons: result.reasons }, 'llm sentences dropped by the source check');
  }

  async function rewrite(item: BriefingItem, numberOf: Map<string, number>): Promise<ItemOutcome> {
    const articles = (await store.getMany(item.articleIds.slice(0, maxArticles))).filter((article): article is Article => article !== undefined);
    if (articles.length === 0) return { item, by: 'local', dropped: 0 };
    let summary: CachedSummary;
    try {
      summary = articles.length === 1 ? await articleSummary(articles[0]!) : await storySummary(item, articles);
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) logger.error({ err: error, command: 'brief' }, 'llm story rewrite failed');
      return { item, by: 'local', unavailable: error instanceof LlmUnavailableError ? error.reason : 'error', dropped: 0 };
    }
    if (summary.fallback) return { item, by: 'local', dropped: summary.dropped };
    const sentences: BriefingSentence[] = summary.sentences
      .map((sentence) => ({ text: sentence.text, citations: sentence.articleIds.map((id) => numberOf.get(id)).filter((n): n is number => n !== undefined) }))
      .filter((sentence) => sentence.citations.length > 0);
    if (sentences.length === 0) return { item, by: 'local', dropped: summary.dropped };
    return { item: { ...item, sentences }, by: 'llm', dropped: summary.dropped };
  }

  return {
    async brief(request) {
      const briefing = await local.brief(request);
      if (briefing.items.length === 0) return briefing;
      const refusal = await llm.refusal().catch(() => 'error' as const);
      if (refusal) return withNote(briefing, unavailableNote(refusal, 'local summary'));
      const numberOf = new Map(briefing.citations.map((citation) => [citation.articleId, citation.n]));
      const outcomes = await mapLimit(briefing.items, concurrency, (item) => rewrite(item, numberOf));
      const byLlm = outcomes.filter((outcome) => outcome.by === 'llm').length;
      const unavailable = outcomes.find((outcome) => outcome.unavailable)?.unavailable;
      logger.info({ command: 'brief', model: llm.model, stories: outcomes.length, byLlm, dropped: outcomes.reduce((sum, outcome) => sum + outcome.dropped, 0) }, 'llm briefing');
      let note: string;
      if (byLlm === 0) note = unavailable ? unavailableNote(unavailable, 'local summary') : 'Local summary: the LLM’s sentences did not pass the source check.';
      else {
        note = `Written with ${llm.model}, checked against sources.`;
        if (byLlm < outcomes.length) note += ` ${outcomes.length - byLlm} of ${outcomes.length} stories use the local summary.`;
      }
      const rewritten = { ...briefing, items: outcomes.map((outcome) => outcome.item) };
      // The local engine's own "Local summary: …; sentences quoted …" no longer describes a briefing the LLM wrote.
      return withNote(byLlm > 0 && /^local summary\b/i.test(briefing.note ?? '') ? { ...rewritten, note: undefined } : rewritten, note);
    },
    async summarizeArticle(article, options) {
      const sentences = options?.sentences ?? 2;
      try {
        if (!(await llm.refusal())) {
          const summary = await articleSummary(article);
          if (!summary.fallback && summary.sentences.length > 0) return summary.sentences.slice(0, sentences).map((sentence) => sentence.text);
        }
      } catch (error) {
        if (!(error instanceof LlmUnavailableError)) logger.error({ err: error, command: 'summary' }, 'llm article summary failed');
      }
      return local.summarizeArticle(article, options);
    },
  };
}

function withNote(briefing: Briefing, note: string): Briefing {
  return { ...briefing, note: [briefing.note, note].filter(Boolean).join(' ') };
}

async function mapLimit<Item, Result>(items: readonly Item[], limit: number, run: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
