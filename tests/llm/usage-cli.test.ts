import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { openTokenBudget } from '../../src/llm/index.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const cli = (argv: string[], env: Record<string, string>) => runCliCaptured(argv, env);

describe('cli usage', () => {
  it('shows tokens by day and command and what is left of today’s budget', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usage-'));
    dirs.push(dataDir);
    const backend = await openKeyvBackend({ dataDir });
    const today = new Date();
    const yesterday = new Date(today.getTime() - 24 * 3600_000);
    let clock = yesterday;
    const budget = openTokenBudget({ config: { LLM_DAILY_TOKEN_BUDGET: 10_000 }, backend, now: () => clock });
    await budget.record('brief', 1500);
    clock = today;
    await budget.record('ask', 700);
    await budget.record('ask', 300);
    await budget.record('summary', 250);
    await backend.close();

    const env = { DATA_DIR: dataDir, LLM_DAILY_TOKEN_BUDGET: '10000', LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-testtesttesttesttest' };
    const json = await cli(['usage', '--json'], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as { model: string; dailyLimit: number; remainingToday: number; days: Array<{ day: string; tokens: number; commands: Record<string, { tokens: number; calls: number }> }> };
    expect(report.model).toBe('gpt-4o-mini');
    expect(report.remainingToday).toBe(10_000 - 1250);
    expect(report.days[0]).toMatchObject({ day: today.toISOString().slice(0, 10), tokens: 1250, commands: { ask: { tokens: 1000, calls: 2 }, summary: { tokens: 250, calls: 1 } } });
    expect(report.days[1]).toMatchObject({ day: yesterday.toISOString().slice(0, 10), tokens: 1500, commands: { brief: { tokens: 1500, calls: 1 } } });

    const text = await cli(['usage'], env);
    expect(text.out).toContain('Daily budget: 10,000 tokens, 8,750 left today');
    expect(text.out).toMatch(/day\s+ask\s+brief\s+summary\s+total\s+calls/);
    expect(text.out).toMatch(new RegExp(`${today.toISOString().slice(0, 10)}\\s+1,000\\s+0\\s+250\\s+1,250\\s+3`));
    expect(text.out).not.toContain('sk-test');
  });

  it('says when LLM mode is off and nothing was used', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usage-'));
    dirs.push(dataDir);
    const result = await cli(['usage'], { DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.out).toContain('LLM mode is off');
    expect(result.out).toContain('No LLM calls in the last 14 days.');
  });
});
