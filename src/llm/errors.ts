/** Why the LLM could not be used for a request. */
export type LlmUnavailableReason =
  | 'timeout'
  | 'rate_limited'
  | 'server'
  | 'connection'
  | 'auth'
  | 'bad_request'
  | 'circuit_open'
  | 'budget';

/**
 * The LLM cannot answer this request; callers fall back to the local engine. Vendor
 * errors (OpenAI 429/5xx, timeouts, refused connections) are translated to this at the
 * client, so nothing outside `src/llm/` sees the SDK's error classes.
 */
export class LlmUnavailableError extends Error {
  readonly reason: LlmUnavailableReason;

  constructor(reason: LlmUnavailableReason, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LlmUnavailableError';
    this.reason = reason;
  }
}

/** Short, reader-facing wording for a fallback note. */
export function describeUnavailable(reason: LlmUnavailableReason | 'error'): string {
  switch (reason) {
    case 'budget':
      return 'daily LLM budget spent';
    case 'circuit_open':
      return 'LLM paused after repeated errors';
    case 'timeout':
      return 'LLM too slow';
    case 'rate_limited':
      return 'LLM rate-limited';
    default:
      return 'LLM unavailable';
  }
}

/** The note on a reply the local engine wrote because the LLM could not: "LLM too slow: answered locally." */
export function unavailableNote(reason: LlmUnavailableReason | 'error', fallback: 'local summary' | 'answered locally'): string {
  const text = describeUnavailable(reason);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}: ${fallback}.`;
}
