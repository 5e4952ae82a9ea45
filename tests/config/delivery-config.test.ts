import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/errors.ts';

describe('delivery configuration', () => {
  it('has defaults that match the platforms', () => {
    const config = loadConfig({ env: {} });
    expect(config.DIGEST_GRACE_MINUTES).toBe(60);
    expect(config.DIGEST_MAX_LOOKBACK_HOURS).toBe(48);
    expect(config.DELIVERY_MAX_ATTEMPTS).toBe(6);
    expect(config.TELEGRAM_MESSAGES_PER_SECOND).toBe(30);
    expect(config.OUTBOX_RETENTION_DAYS).toBe(7);
  });

  it('reads set values, allowing a zero grace window and a fractional rate', () => {
    const config = loadConfig({ env: { DIGEST_GRACE_MINUTES: '0', TELEGRAM_MESSAGES_PER_SECOND: '12.5', DELIVERY_MAX_ATTEMPTS: '3' } });
    expect(config.DIGEST_GRACE_MINUTES).toBe(0);
    expect(config.TELEGRAM_MESSAGES_PER_SECOND).toBe(12.5);
    expect(config.DELIVERY_MAX_ATTEMPTS).toBe(3);
  });

  it('reports every bad delivery key at once', () => {
    let error: unknown;
    try {
      loadConfig({ env: { DIGEST_GRACE_MINUTES: '-5', DIGEST_MAX_LOOKBACK_HOURS: 'a day', DELIVERY_MAX_ATTEMPTS: '0', TELEGRAM_MESSAGES_PER_SECOND: '0', OUTBOX_RETENTION_DAYS: '1.5' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['DIGEST_GRACE_MINUTES', 'DIGEST_MAX_LOOKBACK_HOURS', 'DELIVERY_MAX_ATTEMPTS', 'TELEGRAM_MESSAGES_PER_SECOND', 'OUTBOX_RETENTION_DAYS']) {
      expect(problems).toMatch(new RegExp(`^${key} .*e\\.g\\. ${key}=`, 'm'));
    }
  });
});
