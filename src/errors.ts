/**
 * An expected failure whose message is safe to show to the person who caused it
 * (a bad option, a refused URL, a missing article). Bugs stay plain `Error`s.
 *
 * @example
 * throw new UserError('not_found', 'No article with id "abc" is stored.');
 */
export class UserError extends Error {
  readonly code: string;
  readonly context: Record<string, unknown>;

  constructor(code: string, userMessage: string, options: { cause?: unknown; context?: Record<string, unknown> } = {}) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = code;
    this.context = options.context ?? {};
  }
}

/** Configuration that cannot start the program; `message` lists every bad key with its fix. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** A short message for any thrown value, for logs and per-item error lines. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
