import type { Config } from '../config/index.ts';
import type { Logger } from '../log.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { KeyvBackend } from '../store/keyv-backend.ts';
import { createLlmAnswers } from './answers.ts';
import { createLlmBriefings } from './briefings.ts';
import { createTokenBudget, type TokenBudget, type UsageDay } from './budget.ts';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.ts';
import type { LlmClient } from './client.ts';
import { createGuardedLlm } from './guarded-llm.ts';
import { createOpenAiClient } from './openai-client.ts';
import type { AnswerEngine, BriefingEngine, SearchEngine } from './ports.ts';
import { createEmbeddingRerank } from './rerank.ts';
import { createGroundingStats, type GroundingSnapshot } from './stats.ts';
import { createSummaryCache, type CachedSummary } from './summary-cache.ts';

/** The LLM settings from the configuration, or undefined when LLM mode is off. */
export function llmSettings(config: Config) {
  if (config.LLM_MODEL === undefined) return undefined;
  if (config.OPENAI_API_KEY === undefined && config.OPENAI_BASE_URL === undefined) return undefined;
  return {
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.LLM_MODEL,
    embeddingModel: config.EMBEDDING_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
    maxTokens: config.LLM_MAX_TOKENS,
  };
}

/** The token budget and its record in the store ('llm-usage'), also for `cli usage` when LLM mode is off. */
export function openTokenBudget(deps: { config: Pick<Config, 'LLM_DAILY_TOKEN_BUDGET'>; backend: KeyvBackend; now?: () => Date }): TokenBudget {
  return createTokenBudget({ kv: deps.backend.namespace<UsageDay>('llm-usage'), dailyLimit: deps.config.LLM_DAILY_TOKEN_BUDGET, now: deps.now });
}

export interface LlmLayerDeps {
  config: Config;
  backend: KeyvBackend;
  store: ArticleStore;
  logger: Logger;
  now?: () => Date;
  /** Replaces the OpenAI client (tests). */
  client?: LlmClient;
  breaker?: CircuitBreaker;
}

/** LLM mode: decorators over the local engine's ports, sharing one client, budget and breaker. */
export interface LlmLayer {
  readonly model: string;
  /** The briefing port with LLM-written, source-checked story summaries. */
  wrapBriefings<Request>(local: BriefingEngine<Request>): BriefingEngine<Request>;
  /** The answer port with LLM-written, source-checked answers. */
  wrapAnswers(local: AnswerEngine, search: SearchEngine): AnswerEngine;
  /** Tokens used, by day and command. */
  usage: TokenBudget;
  /** LLM sentences kept and dropped by the source check since the layer was built. */
  grounding(): GroundingSnapshot;
  close(): Promise<void>;
}

/**
 * Builds LLM mode from the configuration, or returns undefined when it is not configured
 * (no LLM_MODEL, or neither OPENAI_API_KEY nor OPENAI_BASE_URL): then everything stays local.
 *
 * @example
 * const llm = createLlmLayer({ config, backend, store: articles, logger, now });
 * const briefings = llm ? llm.wrapBriefings(localBriefings) : localBriefings;
 * const answers = llm ? llm.wrapAnswers(localAnswers, search) : localAnswers;
 */
export function createLlmLayer(deps: LlmLayerDeps): LlmLayer | undefined {
  const settings = llmSettings(deps.config);
  if (settings === undefined) {
    if (deps.config.OPENAI_API_KEY !== undefined) deps.logger.info('OPENAI_API_KEY is set but LLM_MODEL is not: LLM mode is off');
    return undefined;
  }
  const logger = deps.logger.child({ component: 'llm' });
  const client = deps.client ?? createOpenAiClient(settings);
  const usage = openTokenBudget({ config: deps.config, backend: deps.backend, now: deps.now });
  const breaker = deps.breaker ?? createCircuitBreaker({ now: deps.now ? () => deps.now!().getTime() : undefined });
  const shutdown = new AbortController();
  const llm = createGuardedLlm({ client, budget: usage, breaker, logger, signal: shutdown.signal });
  const stats = createGroundingStats();
  const cache = createSummaryCache(deps.backend.namespace<CachedSummary>('llm-summaries'));
  logger.info({ model: settings.model, server: settings.baseURL ?? 'https://api.openai.com/v1', embeddings: settings.embeddingModel ?? null }, 'LLM mode on');
  return {
    model: settings.model,
    wrapBriefings: (local) => createLlmBriefings({ local, llm, store: deps.store, cache, logger, stats }),
    wrapAnswers: (local, search) =>
      createLlmAnswers({ local, search, store: deps.store, llm, logger, stats, options: { rerank: llm.embed ? createEmbeddingRerank(llm) : undefined } }),
    usage,
    grounding: () => stats.snapshot(),
    close: async () => {
      shutdown.abort();
    },
  };
}
