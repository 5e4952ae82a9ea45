import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { isIP } from 'node:net';
import cron from 'node-cron';
import { ConfigError } from '../errors.ts';
import { configExamples, configSchema, secretKeys, type Config } from './schema.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads `.env` (when present) under the process environment, which wins, and
 * validates every key at once. Throws `ConfigError` listing each bad key with its fix.
 *
 * @example
 * const config = loadConfig({ env: process.env, envFile: '.env' });
 */
export function loadConfig(options: { env: Environment; envFile?: string }): Config {
  const fromFile = options.envFile && existsSync(options.envFile) ? parseEnv(readFileSync(options.envFile, 'utf8')) : {};
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromFile, ...options.env })) {
    // An empty value means "not set", as in most dotenv tools, so `.env.example` can be copied as is.
    if (value !== undefined && value.trim() !== '') merged[key] = value.trim();
  }
  const parsed = configSchema.safeParse(merged);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '?');
      problems.push(describeProblem(key, issue.message, merged[key]));
    }
    throw new ConfigError(problems);
  }
  const config = parsed.data;
  problems.push(...crossCheck(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function describeProblem(key: string, message: string, value: string | undefined): string {
  const shown = value === undefined || secretKeys.has(key) ? '' : ` (got "${value.slice(0, 60)}")`;
  const example = configExamples[key];
  const fix = example === undefined ? 'fix it in .env or the environment' : `set it in .env or the environment, e.g. ${key}=${example}`;
  return `${key} ${message}${shown}: ${fix}.`;
}

function crossCheck(config: Config): string[] {
  const problems: string[] = [];
  if (!cron.validate(config.POLL_SCHEDULE)) {
    problems.push(describeProblem('POLL_SCHEDULE', 'is not a valid cron expression', config.POLL_SCHEDULE));
  }
  for (const cidr of config.FETCH_ALLOW_PRIVATE_NETWORKS) {
    const [address, bits] = cidr.split('/');
    const width = isIP(address ?? '') === 6 ? 128 : 32;
    const prefix = Number(bits);
    if (!isIP(address ?? '') || bits === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
      problems.push(describeProblem('FETCH_ALLOW_PRIVATE_NETWORKS', `has "${cidr}", which is not an address range like 10.0.0.0/8`, undefined));
    }
  }
  if (!isTimeZone(config.DEFAULT_TIMEZONE)) {
    problems.push(describeProblem('DEFAULT_TIMEZONE', 'is not an IANA time zone', config.DEFAULT_TIMEZONE));
  }
  if (config.DISCORD_TOKEN !== undefined && config.DISCORD_APPLICATION_ID === undefined) {
    problems.push(describeProblem('DISCORD_APPLICATION_ID', 'is required when DISCORD_TOKEN is set', undefined));
  }
  if (config.TELEGRAM_WEBHOOK_URL !== undefined && config.TELEGRAM_WEBHOOK_SECRET === undefined) {
    problems.push(describeProblem('TELEGRAM_WEBHOOK_SECRET', 'is required with TELEGRAM_WEBHOOK_URL (Telegram sends it back so forged updates are refused)', undefined));
  }
  if (config.LLM_MODEL !== undefined && config.OPENAI_API_KEY === undefined && config.OPENAI_BASE_URL === undefined) {
    problems.push(describeProblem('OPENAI_BASE_URL', 'or OPENAI_API_KEY is required with LLM_MODEL (set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL for a local server such as Ollama; unset LLM_MODEL to stay local)', undefined));
  }
  if (config.EMBEDDING_MODEL !== undefined && config.LLM_MODEL === undefined) {
    problems.push(describeProblem('LLM_MODEL', 'is required with EMBEDDING_MODEL', undefined));
  }
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
