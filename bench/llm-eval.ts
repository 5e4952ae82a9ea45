import { loadConfig, type Environment } from '../src/config/index.ts';
import { silentLogger } from '../src/log.ts';
import { enoughSurvived } from '../src/llm/briefings.ts';
import { createTokenBudget, type UsageDay } from '../src/llm/budget.ts';
import { createCircuitBreaker } from '../src/llm/circuit-breaker.ts';
import { LlmUnavailableError } from '../src/llm/errors.ts';
import { checkGrounding, type DropReason } from '../src/llm/grounding.ts';
import { createGuardedLlm } from '../src/llm/guarded-llm.ts';
import { createLlmLayer, llmSettings } from '../src/llm/layer.ts';
import type { AnswerEngine, SearchEngine } from '../src/llm/ports.ts';
import type { ArticleStore } from '../src/store/article-store.ts';
import type { KeyvBackend } from '../src/store/keyv-backend.ts';
import { createOpenAiClient } from '../src/llm/openai-client.ts';
import { lead } from '../src/llm/passages.ts';
import { articlePrompt } from '../src/llm/prompts.ts';
import { splitSentences } from '../src/text/sentences.ts';

/** What the source check did over an evaluation run. */
export interface LlmEvalStats {
  documents: number;
  /** Documents whose summary is the LLM's (checked) sentences. */
  llmDocuments: number;
  /** Documents that fell back to the lead because too few sentences passed, or the LLM failed. */
  fallbacks: number;
  failures: number;
  kept: number;
  dropped: number;
  reasons: Partial<Record<DropReason, number>>;
  tokens: number;
}

/**
 * The configured LLM as a summarizer for the evaluation tables, with newsbrief's own
 * prompt and source check: `summarize(text, n)` gives the checked sentences, or the
 * text's first `n` sentences when too few pass (as the bot falls back to local).
 */
export interface LlmEvalSummarizer {
  name: string;
  model: string;
  summarize(text: string, sentences: number): Promise<string[]>;
  stats(): LlmEvalStats;
  /** One line for the report: "grounding: 812 sentences kept, 41 dropped (unsupported_number 20, …)". */
  statsLine(): string;
}

export interface LlmEvalOptions {
  /** Characters of each text given to the LLM (default 4000: most of a news article). */
  leadChars?: number;
  /** Fallback summary when the check leaves too little (default: the first sentences). */
  fallback?: (text: string, sentences: number) => string[] | Promise<string[]>;
}

/**
 * Builds the summarizer from LLM_MODEL / OPENAI_API_KEY / OPENAI_BASE_URL / LLM_* in `env`
 * (and `.env`), or returns undefined when LLM mode is not configured. LLM_DAILY_TOKEN_BUDGET
 * caps the run's tokens (0: no cap); usage is not written to the bot's store.
 *
 * @example
 * const llm = await llmSummarizerFromEnv(process.env);
 * if (llm) runs.push(await timed(llm.name, texts.length, () => eachInTurn(texts, (text) => llm.summarize(text, 3))));
 * log(llm.statsLine());
 */
export async function llmSummarizerFromEnv(env: Environment, options: LlmEvalOptions = {}): Promise<LlmEvalSummarizer | undefined> {
  const config = loadConfig({ env, envFile: '.env' });
  const settings = llmSettings(config);
  if (settings === undefined) return undefined;
  const days = new Map<string, UsageDay>();
  const budget = createTokenBudget({
    kv: { get: async (key) => days.get(key), set: async (key, value) => days.set(key, value) },
    dailyLimit: config.LLM_DAILY_TOKEN_BUDGET,
  });
  // The breaker must not stop an evaluation for a passing hiccup: only a dead server opens it.
  const llm = createGuardedLlm({ client: createOpenAiClient(settings), budget, breaker: createCircuitBreaker({ failureThreshold: 10, cooldownMs: 30_000 }), logger: silentLogger() });
  const leadChars = options.leadChars ?? 4000;
  const fallback = options.fallback ?? ((text: string, sentences: number) => splitSentences(text).slice(0, sentences));
  const stats: LlmEvalStats = { documents: 0, llmDocuments: 0, fallbacks: 0, failures: 0, kept: 0, dropped: 0, reasons: {}, tokens: 0 };

  return {
    name: `LLM ${settings.model} (source-checked)`,
    model: settings.model,
    async summarize(text, sentences) {
      stats.documents += 1;
      const source = { n: 1, articleId: `eval-${stats.documents}`, title: text.slice(0, 90).replace(/\s+\S*$/, ''), source: 'eval', text: lead(text, leadChars) };
      try {
        const result = await llm.complete('eval', articlePrompt(source, sentences));
        stats.tokens += result.totalTokens;
        const grounded = checkGrounding(result.text, [source]);
        stats.kept += grounded.kept.length;
        stats.dropped += grounded.droppedCount;
        for (const [reason, count] of Object.entries(grounded.reasons) as Array<[DropReason, number]>) stats.reasons[reason] = (stats.reasons[reason] ?? 0) + count;
        if (enoughSurvived(grounded)) {
          stats.llmDocuments += 1;
          return grounded.kept.slice(0, sentences).map((sentence) => sentence.text);
        }
      } catch (error) {
        if (!(error instanceof LlmUnavailableError)) throw error;
        stats.failures += 1;
      }
      stats.fallbacks += 1;
      return fallback(text, sentences);
    },
    stats: () => structuredClone(stats),
    statsLine() {
      const reasons = Object.entries(stats.reasons).sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason} ${count}`).join(', ');
      return `LLM grounding (${settings.model}): ${stats.kept} sentences kept, ${stats.dropped} dropped${reasons ? ` (${reasons})` : ''}; ${stats.fallbacks} of ${stats.documents} documents fell back to the lead (${stats.failures} LLM failures); ${stats.tokens.toLocaleString('en')} tokens.`;
    },
  };
}

/**
 * The configured LLM wrapped around a local answer engine, for the QA tables: the same
 * retrieval, prompt, check and fallbacks as `/ask`. Undefined when LLM mode is not configured.
 * Token usage goes to `backend` (use the evaluation's own store, not the bot's).
 *
 * @example
 * const llm = await llmAnswersFromEnv(process.env, { backend, store, local: answers, search });
 * const answer = await (llm?.answers ?? answers).ask(question);
 * if (llm) log(llm.statsLine());
 */
export async function llmAnswersFromEnv(
  env: Environment,
  deps: { backend: KeyvBackend; store: ArticleStore; local: AnswerEngine; search: SearchEngine },
): Promise<{ name: string; answers: AnswerEngine; statsLine(): Promise<string>; close(): Promise<void> } | undefined> {
  const config = loadConfig({ env, envFile: '.env' });
  const layer = createLlmLayer({ config, backend: deps.backend, store: deps.store, logger: silentLogger() });
  if (layer === undefined) return undefined;
  return {
    name: `LLM ${layer.model} (source-checked)`,
    answers: layer.wrapAnswers(deps.local, deps.search),
    async statsLine() {
      const grounding = layer.grounding();
      const [today] = await layer.usage.usage(1);
      const reasons = Object.entries(grounding.reasons).sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason} ${count}`).join(', ');
      return `LLM grounding (${layer.model}, answers): ${grounding.kept} sentences kept, ${grounding.dropped} dropped${reasons ? ` (${reasons})` : ''}; ${(today?.tokens ?? 0).toLocaleString('en')} tokens today.`;
    },
    close: () => layer.close(),
  };
}
