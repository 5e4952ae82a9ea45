import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Shapes of credentials that must never reach a log line, even inside an error message or URL. */
const tokenPatterns: readonly RegExp[] = [
  /\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/g, // Telegram bot token
  /\bsk-[A-Za-z0-9_-]{16,}\b/g, // OpenAI-style key
  /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}\b/g, // Discord bot token
];

/** Replaces known secret values and token-shaped strings with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of tokenPatterns) out = out.replace(pattern, '[redacted]');
  return out;
}

export interface LoggerOptions {
  level: string;
  /** Secret values (tokens, keys) to scrub from every line. */
  secrets?: readonly string[];
  destination?: DestinationStream;
}

/**
 * Structured JSON logs on stderr (stdout stays free for replies and `--json` output).
 * Every line passes through `redactSecrets`, so a token inside an error message is scrubbed too.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets ?? [];
  const base = options.destination ?? pino.destination({ fd: 2, sync: true });
  const destination: DestinationStream = {
    write(line: string) {
      base.write(redactSecrets(line, secrets));
    },
  };
  return pino(
    {
      level: options.level,
      base: { app: 'newsbrief' },
      redact: { paths: ['token', '*.token', 'apiKey', '*.apiKey', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}

/** A logger that drops everything, for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
