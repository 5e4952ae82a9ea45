/** One chat completion request: a system prompt and one user message. */
export interface ChatRequest {
  system: string;
  user: string;
  /** Output cap (max_tokens); the client's default when absent. */
  maxTokens?: number | undefined;
}

export interface ChatResult {
  text: string;
  /** usage.total_tokens as reported by the server (estimated from lengths when it reports none). */
  totalTokens: number;
  finishReason?: string | undefined;
}

/**
 * The LLM port: chat completions (and embeddings when configured) on some
 * OpenAI-compatible server. Throws `LlmUnavailableError` for every server or network failure.
 */
export interface LlmClient {
  readonly model: string;
  readonly embeddingModel?: string | undefined;
  complete(request: ChatRequest, options?: { signal?: AbortSignal | undefined }): Promise<ChatResult>;
  embed?(texts: readonly string[], options?: { signal?: AbortSignal | undefined }): Promise<{ vectors: number[][]; totalTokens: number }>;
}

/** Rough token count for servers that report no usage: about four characters a token. */
export function estimateTokens(...texts: string[]): number {
  return Math.ceil(texts.reduce((sum, text) => sum + text.length, 0) / 4);
}
