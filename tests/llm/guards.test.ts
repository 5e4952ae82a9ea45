import { describe, expect, it } from 'vitest';
import type { AnswerPort, BriefingPort, SearchPort } from '../../commands/deps.ts';
import { createTokenBudget, type UsageDay } from '../../src/llm/budget.ts';
import { createCircuitBreaker } from '../../src/llm/circuit-breaker.ts';
import type { AnswerEngine, BriefingEngine, SearchEngine } from '../../src/llm/index.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';

describe('circuit breaker', () => {
  it('opens after consecutive failures, lets one probe through after the cooldown, and closes on its success', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    breaker.failure();
    breaker.success();
    breaker.failure();
    expect(breaker.state()).toBe('closed');
    breaker.failure();
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.failure();
    expect(breaker.state()).toBe('open');
    now = 2000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state()).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });
});

describe('token budget', () => {
  it('counts tokens per UTC day and command, and refuses when spent until the day changes', async () => {
    const backend = await openKeyvBackend({ memory: true });
    let now = new Date('2026-11-25T23:59:00.000Z');
    const budget = createTokenBudget({ kv: backend.namespace<UsageDay>('llm-usage'), dailyLimit: 1000, now: () => now });
    await Promise.all([budget.record('ask', 400), budget.record('brief', 500), budget.record('ask', 200)]);
    expect(await budget.remaining()).toBe(0);
    expect((await budget.usage(1))[0]).toEqual({ day: '2026-11-25', tokens: 1100, calls: 3, commands: { ask: { tokens: 600, calls: 2 }, brief: { tokens: 500, calls: 1 } } });
    now = new Date('2026-11-26T00:01:00.000Z');
    expect(await budget.remaining()).toBe(1000);
    expect((await budget.usage(2)).map((day) => day.tokens)).toEqual([0, 1100]);
    await backend.close();
  });

  it('has no limit at 0', async () => {
    const backend = await openKeyvBackend({ memory: true });
    const budget = createTokenBudget({ kv: backend.namespace<UsageDay>('llm-usage'), dailyLimit: 0 });
    await budget.record('ask', 10_000_000);
    expect(await budget.remaining()).toBe(Number.POSITIVE_INFINITY);
    await backend.close();
  });
});

describe('port shapes', () => {
  it('match the command ports both ways, so the decorators plug in unchanged', () => {
    const same = <A, B>(check: [A] extends [B] ? ([B] extends [A] ? true : false) : false) => check;
    expect(same<BriefingEngine<Parameters<BriefingPort['brief']>[0]>, BriefingPort>(true)).toBe(true);
    expect(same<AnswerEngine, AnswerPort>(true)).toBe(true);
    expect(same<SearchEngine, SearchPort>(true)).toBe(true);
  });
});
