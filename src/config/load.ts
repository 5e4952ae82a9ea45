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
  return problems;
}
