import type { Answer, SearchResults } from '../src/domain/answer.ts';
import type { Article } from '../src/domain/article.ts';
import type { Briefing } from '../src/domain/briefing.ts';
import type { BreakingUpdate } from '../src/domain/breaking.ts';
import type { ArticleStore } from '../src/store/article-store.ts';
import type { SubscriptionStore } from '../src/subscriptions/subscription-store.ts';
import type { Logger } from '../src/log.ts';
import type { SourceSummary, SourcesService } from '../src/sources/sources-service.ts';

export type { BreakingUpdate } from '../src/domain/breaking.ts';

/** What `/brief` and `/digest` ask the briefing engine for. */
export interface BriefRequest {
  topics?: string[] | undefined;
  /** Window start (ms since epoch). */
  since?: number | undefined;
  until?: number | undefined;
  maxItems?: number | undefined;
  /** Skip this many stories (paging with "More"). */
  offset?: number | undefined;
}

export interface BriefingPort {
  brief(request: BriefRequest): Promise<Briefing>;
  /** A short extractive summary of one article, sentences verbatim. */
  summarizeArticle(article: Article, options?: { sentences?: number }): string[] | Promise<string[]>;
}

export interface SearchPort {
  search(query: string, options?: { since?: number | undefined; source?: string | undefined; limit?: number | undefined; offset?: number | undefined }): Promise<SearchResults>;
}

export interface AnswerPort {
  ask(question: string, options?: { conversationKey?: string | undefined }): Promise<Answer>;
}

/** Feed sources as commands show and manage them: the core's sources service is the port. */
export type SourceView = SourceSummary;
export type SourcesPort = SourcesService;

/** Short-lived state behind buttons ("More" pages, a breaking update awaiting confirmation). */
export interface ContinuationStore {
  /** Stores `value` for `ttlMs` and returns a short token for a button. */
  put(value: unknown, ttlMs?: number): Promise<string>;
  get<Value>(token: string): Promise<Value | undefined>;
  delete(token: string): Promise<void>;
}

export interface BreakingPort {
  /** Queues the update for every subscribed chat that accepts breaking news; reports how many. */
  publish(update: BreakingUpdate): Promise<{ queued: number; alreadySent: boolean }>;
}

/** Everything command handlers may use. Ports that are not configured are absent. */
export interface CommandDeps {
  articles: ArticleStore;
  briefings: BriefingPort;
  search: SearchPort;
  answers: AnswerPort;
  subscriptions: SubscriptionStore;
  continuations: ContinuationStore;
  sources?: SourcesPort | undefined;
  breaking?: BreakingPort | undefined;
  /** Time zone for new subscriptions when the chat has none. */
  defaultTimezone: string;
  now: () => Date;
  logger: Logger;
}
