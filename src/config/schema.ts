import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .positive({ error: 'must be greater than 0' });

const storeUrl = z
  .string()
  .regex(/^(redis|rediss|postgres|postgresql):\/\/\S+$/, {
    error: 'must start with redis://, rediss://, postgres:// or postgresql:// (leave it unset for the embedded store)',
  });

const idList = z
  .string()
  .regex(/^\s*[\w-]+(\s*,\s*[\w-]+)*\s*$/, { error: 'must be a comma-separated list of numeric user ids' })
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean));

const httpUrl = z.string().regex(/^https?:\/\/\S+$/, { error: 'must be an http:// or https:// URL' });

const cidrList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean));

/** Every key newsbrief reads from the environment or `.env`, with its default. */
export const configSchema = z.object({
  DATA_DIR: z.string().min(1).default('data'),
  STORE_URL: storeUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'must be one of fatal, error, warn, info, debug, trace, silent',
  }).optional(),
  SAMPLE_ARTICLES: z.enum(['auto', 'always', 'never'], { error: 'must be auto, always or never' }).default('auto'),
  FETCH_TIMEOUT_MS: positiveInt.default(15_000),
  FETCH_MAX_BYTES: positiveInt.default(5 * 1024 * 1024),
  FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0, { error: 'must be 0 or more' }).default(5),
  FETCH_USER_AGENT: z.string().min(1).default('newsbrief/0.1 (+https://github.com/newsbrief/newsbrief; news briefing bot)'),
  FETCH_ALLOW_PRIVATE_NETWORKS: cidrList.default([]),
  POLL_SCHEDULE: z.string().min(1).default('*/15 * * * *'),
  POLL_CONCURRENCY: positiveInt.default(4),
  DEFAULT_TIMEZONE: z.string().min(1).default('UTC'),

  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d{3,}:[A-Za-z0-9_-]{20,}$/, { error: 'does not look like a bot token from @BotFather (digits, a colon, then letters)' }).optional(),
  TELEGRAM_API_ROOT: httpUrl.default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: httpUrl.optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, { error: 'must be 16–256 letters, digits, _ or -' }).optional(),
  TELEGRAM_WEBHOOK_PORT: positiveInt.default(8443),
  TELEGRAM_OPERATOR_IDS: idList.default([]),
  TELEGRAM_MODERATOR_IDS: idList.default([]),

  DISCORD_TOKEN: z.string().min(20, { error: 'does not look like a Discord bot token' }).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, { error: 'must be the numeric application id from the Discord developer portal' }).optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{5,25}$/, { error: 'must be a numeric server (guild) id' }).optional(),
  DISCORD_API_BASE: httpUrl.optional(),
  DISCORD_MODERATOR_ROLES: z.string().transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean)).default([]),
  DISCORD_OPERATOR_IDS: idList.default([]),
  SHARDS: z.string().regex(/^(auto|\d{1,4})$/, { error: 'must be auto or a number of shards' }).optional(),

  OPENAI_API_KEY: z.string().regex(/^\S{8,}$/, { error: 'does not look like an API key (8 or more characters, no spaces)' }).optional(),
  OPENAI_BASE_URL: httpUrl.optional(),
  LLM_MODEL: z.string().regex(/^\S{1,200}$/, { error: 'must be a model name without spaces' }).optional(),
  EMBEDDING_MODEL: z.string().regex(/^\S{1,200}$/, { error: 'must be a model name without spaces' }).optional(),
  LLM_TIMEOUT_MS: positiveInt.default(15_000),
  LLM_MAX_TOKENS: positiveInt.default(400),
  LLM_DAILY_TOKEN_BUDGET: z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 (no limit) or more' }).default(200_000),
  LLM_MAX_RETRIES: z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).max(10, { error: 'must be at most 10' }).default(2),
  DIGEST_GRACE_MINUTES: z.coerce.number({ error: 'must be a whole number of minutes' }).int({ error: 'must be a whole number of minutes' }).min(0, { error: 'must be 0 or more' }).max(1440, { error: 'must be at most 1440 (one day)' }).default(60),
  DIGEST_MAX_LOOKBACK_HOURS: positiveInt.max(720, { error: 'must be at most 720 (30 days)' }).default(48),
  DELIVERY_MAX_ATTEMPTS: positiveInt.max(100, { error: 'must be at most 100' }).default(6),
  TELEGRAM_MESSAGES_PER_SECOND: z.coerce.number({ error: 'must be a number' }).positive({ error: 'must be greater than 0' }).max(1000, { error: 'must be at most 1000' }).default(30),
  OUTBOX_RETENTION_DAYS: positiveInt.max(3650, { error: 'must be at most 3650' }).default(7),
});

export type Config = z.output<typeof configSchema>;

/** Keys whose values are secrets: never printed, in errors or logs. */
export const secretKeys: ReadonlySet<string> = new Set([
  'TELEGRAM_BOT_TOKEN',
  'DISCORD_TOKEN',
  'OPENAI_API_KEY',
  'TELEGRAM_WEBHOOK_SECRET',
]);

/** The configured secret values, for the logger and error messages to scrub. */
export function secretValues(config: Config): string[] {
  const record = config as Record<string, unknown>;
  return [...secretKeys].map((key) => record[key]).filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** An example value per key, shown in the fix hint of a config error. */
export const configExamples: Readonly<Record<string, string>> = {
  DATA_DIR: 'data',
  STORE_URL: 'redis://127.0.0.1:6379',
  LOG_LEVEL: 'info',
  SAMPLE_ARTICLES: 'auto',
  FETCH_TIMEOUT_MS: '15000',
  FETCH_MAX_BYTES: '5242880',
  FETCH_MAX_REDIRECTS: '5',
  FETCH_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/8,127.0.0.1/32',
  POLL_SCHEDULE: '*/15 * * * *',
  POLL_CONCURRENCY: '4',
  DEFAULT_TIMEZONE: 'Europe/Kyiv',
  TELEGRAM_BOT_TOKEN: '123456789:AA… (from @BotFather)',
  TELEGRAM_API_ROOT: 'https://api.telegram.org',
  TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram',
  TELEGRAM_WEBHOOK_SECRET: 'a-long-random-string',
  TELEGRAM_WEBHOOK_PORT: '8443',
  TELEGRAM_OPERATOR_IDS: '123456789',
  TELEGRAM_MODERATOR_IDS: '123456789,987654321',
  DISCORD_TOKEN: '(the bot token from the Discord developer portal)',
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_GUILD_ID: '123456789012345678',
  DISCORD_API_BASE: 'https://discord.com/api',
  DISCORD_MODERATOR_ROLES: 'News Mods,Editors',
  DISCORD_OPERATOR_IDS: '123456789012345678',
  SHARDS: 'auto',
  OPENAI_API_KEY: 'sk-… (from https://platform.openai.com/api-keys)',
  OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
  LLM_MODEL: 'gpt-4o-mini',
  EMBEDDING_MODEL: 'text-embedding-3-small',
  LLM_TIMEOUT_MS: '15000',
  LLM_MAX_TOKENS: '400',
  LLM_DAILY_TOKEN_BUDGET: '200000',
  LLM_MAX_RETRIES: '2',
  DIGEST_GRACE_MINUTES: '60',
  DIGEST_MAX_LOOKBACK_HOURS: '48',
  DELIVERY_MAX_ATTEMPTS: '6',
  TELEGRAM_MESSAGES_PER_SECOND: '30',
  OUTBOX_RETENTION_DAYS: '7',
};
