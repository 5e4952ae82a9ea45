import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/errors.ts';

describe('loadConfig', () => {
  it('applies defaults with an empty environment', () => {
    const config = loadConfig({ env: {} });
    expect(config.DATA_DIR).toBe('data');
    expect(config.STORE_URL).toBeUndefined();
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.FETCH_ALLOW_PRIVATE_NETWORKS).toEqual([]);
  });

  it('reports every bad key at once, one line each, naming the fix', () => {
    let error: unknown;
    try {
      loadConfig({ env: { STORE_URL: 'mysql://x', FETCH_TIMEOUT_MS: 'soon', POLL_SCHEDULE: 'every minute', DEFAULT_TIMEZONE: 'Mars/Base' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((line) => /^STORE_URL must start with redis:\/\//.test(line) && /e\.g\. STORE_URL=/.test(line))).toBe(true);
    expect(problems.some((line) => /^FETCH_TIMEOUT_MS must be a whole number \(got "soon"\)/.test(line))).toBe(true);
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });

  it('never prints a secret value in an error', () => {
    const token = 'not-a-valid-token-but-secret';
    try {
      loadConfig({ env: { TELEGRAM_BOT_TOKEN: token } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^TELEGRAM_BOT_TOKEN does not look like a bot token/);
      expect((error as Error).message).not.toContain(token);
    }
  });

  it('checks keys that depend on each other', () => {
    expect(() => loadConfig({ env: { DISCORD_TOKEN: 'x'.repeat(30) } })).toThrow(/DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set/);
  });

  it('lets the environment win over .env and treats empty values as unset', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, '.env'), 'DATA_DIR=from-file\nLOG_LEVEL=debug\nSTORE_URL=\n');
    const config = loadConfig({ env: { DATA_DIR: 'from-env' }, envFile: join(dir, '.env') });
    expect(config.DATA_DIR).toBe('from-env');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.STORE_URL).toBeUndefined();
  });
});
