import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AuthenticationError, PermissionDeniedError, RateLimitError } from 'openai';
import { estimateTokens, type ChatRequest, type ChatResult, type LlmClient } from './client.ts';
import { LlmUnavailableError } from './errors.ts';

export interface OpenAiClientOptions {
  /** Absent for local servers (Ollama, llama.cpp), which take any key. */
  apiKey?: string | undefined;
  /** Absent for OpenAI itself. */
  baseURL?: string | undefined;
  model: string;
  embeddingModel?: string | undefined;
  /** Bound on one call, retries included. */
  timeoutMs: number;
  /** Retries on 429 and 5xx (the SDK's own, honouring retry-after). */
  maxRetries: number;
  maxTokens: number;
}

const openAiBaseUrl = 'https://api.openai.com/v1';
// The SDK refuses to start without a key; local servers ignore whatever is sent.
const placeholderKey = 'no-key-needed';

/**
 * An `LlmClient` over the `openai` package. Options are passed explicitly so the SDK
 * never reads the environment itself (configuration is read once, in src/config).
 */
export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  const sdk = new OpenAI({
    apiKey: options.apiKey ?? placeholderKey,
    baseURL: options.baseURL ?? openAiBaseUrl,
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    logLevel: 'off',
  });
  // Newer OpenAI models reject max_tokens and want max_completion_tokens; local servers know only max_tokens.
  let capField: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';

  async function create(request: ChatRequest, signal: AbortSignal) {
    return sdk.chat.completions.create(
      {
        model: options.model,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        [capField]: request.maxTokens ?? options.maxTokens,
      },
      { signal },
    );
  }

  return {
    model: options.model,
    embeddingModel: options.embeddingModel,
    async complete(request, callOptions = {}) {
      const signal = deadline(options.timeoutMs, callOptions.signal);
      try {
        let response;
        try {
          response = await create(request, signal);
        } catch (error) {
          if (capField === 'max_tokens' && error instanceof APIError && error.status === 400 && /max_completion_tokens/.test(error.message)) {
            capField = 'max_completion_tokens';
            response = await create(request, signal);
          } else {
            throw error;
          }
        }
        const choice = response.choices?.[0];
        const text = typeof choice?.message?.content === 'string' ? choice.message.content : '';
        const result: ChatResult = {
          text,
          totalTokens: response.usage?.total_tokens ?? estimateTokens(request.system, request.user, text),
          finishReason: choice?.finish_reason ?? undefined,
        };
        return result;
      } catch (error) {
        throw translate(error, options.timeoutMs);
      }
    },
    embed: options.embeddingModel === undefined
      ? undefined
      : async (texts, callOptions = {}) => {
          const signal = deadline(options.timeoutMs, callOptions.signal);
          try {
            // The SDK asks for base64 by default and silently yields [] from servers that answer floats.
            const response = await sdk.embeddings.create({ model: options.embeddingModel!, input: [...texts], encoding_format: 'float' }, { signal });
            const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding as number[]);
            return { vectors, totalTokens: response.usage?.total_tokens ?? estimateTokens(...texts) };
          } catch (error) {
            throw translate(error, options.timeoutMs);
          }
        },
  };
}

/** One deadline for the whole call: the SDK's own timeout applies per attempt, and retries would multiply it. */
function deadline(timeoutMs: number, outer: AbortSignal | undefined): AbortSignal {
  const own = AbortSignal.timeout(timeoutMs);
  return outer ? AbortSignal.any([own, outer]) : own;
}

function translate(error: unknown, timeoutMs: number): LlmUnavailableError {
  if (error instanceof LlmUnavailableError) return error;
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError || isAbort(error)) {
    return new LlmUnavailableError('timeout', `The LLM did not answer within ${timeoutMs} ms.`, { cause: error });
  }
  if (error instanceof RateLimitError) return new LlmUnavailableError('rate_limited', 'The LLM server is rate-limiting requests (429).', { cause: error });
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new LlmUnavailableError('auth', `The LLM server refused the API key (${error.status}); check OPENAI_API_KEY.`, { cause: error });
  }
  if (error instanceof APIConnectionError) return new LlmUnavailableError('connection', 'Cannot reach the LLM server; check OPENAI_BASE_URL.', { cause: error });
  if (error instanceof APIError && typeof error.status === 'number') {
    if (error.status >= 500) return new LlmUnavailableError('server', `The LLM server failed (${error.status}).`, { cause: error });
    return new LlmUnavailableError('bad_request', `The LLM server rejected the request (${error.status}): ${error.message.slice(0, 200)}`, { cause: error });
  }
  return new LlmUnavailableError('connection', `The LLM call failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`, { cause: error });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
