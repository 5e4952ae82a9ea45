import type { Answer, SearchResults } from '../domain/answer.ts';
import type { Article } from '../domain/article.ts';
import type { Briefing } from '../domain/briefing.ts';

// The shapes of commands/deps.ts's BriefingPort, AnswerPort and SearchPort, restated here
// because src/ never imports commands/; tests/llm/ports.test.ts keeps them in step.

/** What the LLM layer needs of the local briefing engine (commands' BriefingPort). */
export interface BriefingEngine<Request> {
  brief(request: Request): Promise<Briefing>;
  summarizeArticle(article: Article, options?: { sentences?: number }): string[] | Promise<string[]>;
}

/** Commands' AnswerPort. */
export interface AnswerEngine {
  ask(question: string, options?: { conversationKey?: string | undefined }): Promise<Answer>;
}

/** Commands' SearchPort. */
export interface SearchEngine {
  search(query: string, options?: { since?: number | undefined; source?: string | undefined; limit?: number | undefined; offset?: number | undefined }): Promise<SearchResults>;
}

/** The part of a keyv namespace the caches use (keyv itself lives in src/store). */
export interface CacheKv<Value> {
  get(key: string): Promise<Value | undefined>;
  set(key: string, value: Value, ttl?: number): Promise<unknown>;
}
