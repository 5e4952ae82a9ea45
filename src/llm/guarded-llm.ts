import type { Logger } from '../log.ts';
import type { TokenBudget } from './budget.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { ChatRequest, ChatResult, LlmClient } from './client.ts';
import { LlmUnavailableError, type LlmUnavailableReason } from './errors.ts';

/**
 * The LLM as the decorators use it: every call passes the daily budget and the circuit
 * breaker first, and its tokens are recorded against the command that made it.
 * Throws `LlmUnavailableError` when the call is refused or fails.
 */
export interface GuardedLlm {
  readonly model: string;
  readonly embeddingModel?: string | undefined;
  /** Why a call would be refused right now, without making one; undefined when it would go ahead. */
  refusal(): Promise<LlmUnavailableReason | undefined>;
  complete(command: string, request: ChatRequest): Promise<ChatResult>;
  /** Present when an embedding model is configured. */
  embed?: ((command: string, texts: readonly string[]) => Promise<number[][]>) | undefined;
}

export interface GuardedLlmDeps {
  client: LlmClient;
  budget: TokenBudget;
  breaker: CircuitBreaker;
  logger: Logger;
  /** Aborts every call in flight (on shutdown). */
  signal?: AbortSignal | undefined;
}

export function createGuardedLlm(deps: GuardedLlmDeps): GuardedLlm {
  const { client, budget, breaker, logger } = deps;

  async function guard<Value>(command: string, call: () => Promise<{ value: Value; tokens: number }>, serverFailuresOnly = false): Promise<Value> {
    if (deps.signal?.aborted) throw new LlmUnavailableError('connection', 'The LLM layer is closed.');
    if ((await budget.remaining()) <= 0) throw new LlmUnavailableError('budget', 'The daily LLM token budget is spent.');
    if (!breaker.tryAcquire()) throw new LlmUnavailableError('circuit_open', 'The LLM is paused after repeated failures.');
    const started = Date.now();
    let outcome;
    try {
      outcome = await call();
    } catch (error) {
      const reason = error instanceof LlmUnavailableError ? error.reason : 'error';
      // A wrong embedding model name must not pause chat completions on a healthy server.
      if (serverFailuresOnly && (reason === 'bad_request' || reason === 'auth')) breaker.release();
      else breaker.failure();
      logger.warn({ command, model: client.model, reason, ms: Date.now() - started, breaker: breaker.state(), err: error instanceof Error ? error.message : String(error) }, 'llm call failed');
      throw error instanceof LlmUnavailableError ? error : new LlmUnavailableError('connection', 'The LLM call failed.', { cause: error });
    }
    breaker.success();
    try {
      await budget.record(command, outcome.tokens);
    } catch (error) {
      logger.warn({ command, err: error instanceof Error ? error.message : String(error) }, 'llm usage not recorded');
    }
    logger.debug({ command, model: client.model, tokens: outcome.tokens, ms: Date.now() - started }, 'llm call');
    return outcome.value;
  }

  const embed = client.embed;
  return {
    model: client.model,
    embeddingModel: client.embeddingModel,
    async refusal() {
      if ((await budget.remaining()) <= 0) return 'budget';
      if (breaker.state() === 'open') return 'circuit_open';
      return undefined;
    },
    complete: (command, request) =>
      guard(command, async () => {
        const result = await client.complete(request, { signal: deps.signal });
        return { value: result, tokens: result.totalTokens };
      }),
    embed: embed === undefined
      ? undefined
      : (command, texts) =>
          guard(command, async () => {
            const result = await embed(texts, { signal: deps.signal });
            return { value: result.vectors, tokens: result.totalTokens };
          }, true),
  };
}
