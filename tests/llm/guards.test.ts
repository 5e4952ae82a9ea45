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

describe('the API key in logs', () => {
  it('never appears, even when the server echoes it in an error', async () => {
    const { Writable } = await import('node:stream');
    const { loadConfig, secretValues } = await import('../../src/config/index.ts');
    const { createLogger } = await import('../../src/log.ts');
    const { createLlmLayer } = await import('../../src/llm/index.ts');
    const { openArticleStore } = await import('../../src/store/article-store.ts');
    const { startFakeOpenAi } = await import('../fakes/openai-api.ts');
    const api = await startFakeOpenAi();
    const key = 'local-proxy-key-7f3a9c2e1b';
    const lines: string[] = [];
    const config = loadConfig({ env: { LLM_MODEL: 'm', OPENAI_BASE_URL: api.baseUrl, OPENAI_API_KEY: key, LLM_MAX_RETRIES: '0' } });
    const logger = createLogger({ level: 'debug', secrets: secretValues(config), destination: new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }) as never });
    const backend = await openKeyvBackend({ memory: true });
    const store = await openArticleStore({ backend });
    const added = await store.add({ title: 'Port reopens', text: 'The Odesa port reopened on Friday after a storm damaged two cranes.' });
    if (added.status !== 'added') throw new Error('not added');
    api.script({ status: 400, body: { error: { message: `Invalid key ${key} for model m` } } });
    const layer = createLlmLayer({ config, backend, store, logger })!;
    const search = { search: async (query: string) => ({ query, total: 1, hits: [{ articleId: added.article.id, title: 'Port reopens', source: 'x', snippet: '', score: 1 }] }) };
    const answer = await layer.wrapAnswers({ ask: async (question) => ({ question, abstained: true, citations: [] }) }, search).ask('When did the Odesa port reopen?');
    expect(answer.note).toContain('answered locally');
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    expect(lines.join('')).toContain('llm call failed');
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).not.toContain(key);
    await api.close();
    await backend.close();
  });
});
