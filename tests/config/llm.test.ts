import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/errors.ts';
import { llmSettings } from '../../src/llm/index.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('LLM configuration', () => {
  it('stays local by default, with defaults for the limits', () => {
    const config = loadConfig({ env: {} });
    expect(llmSettings(config)).toBeUndefined();
    expect(config).toMatchObject({ LLM_TIMEOUT_MS: 15_000, LLM_MAX_TOKENS: 400, LLM_DAILY_TOKEN_BUDGET: 200_000, LLM_MAX_RETRIES: 2 });
  });

  it('turns on with a model and a key (OpenAI) or a model and a base URL without a key (local server)', () => {
    expect(llmSettings(loadConfig({ env: { LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-abcdefghijklmnop' } }))).toMatchObject({ model: 'gpt-4o-mini', apiKey: 'sk-abcdefghijklmnop', baseURL: undefined });
    expect(llmSettings(loadConfig({ env: { LLM_MODEL: 'llama3.2', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' } }))).toMatchObject({ model: 'llama3.2', apiKey: undefined, baseURL: 'http://127.0.0.1:11434/v1' });
  });

  it('stays local when only a key is set (a key in the environment for other tools is not a request for LLM mode)', () => {
    expect(llmSettings(loadConfig({ env: { OPENAI_API_KEY: 'sk-abcdefghijklmnop' } }))).toBeUndefined();
  });

  it('refuses a model with nowhere to send it, and an embedding model without a chat model', () => {
    expect(problems({ LLM_MODEL: 'gpt-4o-mini' })).toEqual([expect.stringMatching(/^OPENAI_BASE_URL or OPENAI_API_KEY is required with LLM_MODEL/)]);
    expect(problems({ EMBEDDING_MODEL: 'text-embedding-3-small', OPENAI_API_KEY: 'sk-abcdefghijklmnop' })).toEqual([expect.stringMatching(/^LLM_MODEL is required with EMBEDDING_MODEL/)]);
  });

  it('reports bad values with the fix and never prints the key', () => {
    const key = 'sk-secret but with spaces';
    const found = problems({ OPENAI_API_KEY: key, OPENAI_BASE_URL: 'localhost:11434', LLM_TIMEOUT_MS: '0', LLM_MAX_TOKENS: 'lots', LLM_DAILY_TOKEN_BUDGET: '-5', LLM_MAX_RETRIES: '50' });
    const text = found.join('\n');
    expect(text).not.toContain('sk-secret');
    for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'LLM_TIMEOUT_MS', 'LLM_MAX_TOKENS', 'LLM_DAILY_TOKEN_BUDGET', 'LLM_MAX_RETRIES']) {
      expect(found.some((problem) => problem.startsWith(`${name} `) && /e\.g\. /.test(problem))).toBe(true);
    }
  });

  it('accepts 0 as "no daily limit" and 0 retries', () => {
    expect(loadConfig({ env: { LLM_DAILY_TOKEN_BUDGET: '0', LLM_MAX_RETRIES: '0' } })).toMatchObject({ LLM_DAILY_TOKEN_BUDGET: 0, LLM_MAX_RETRIES: 0 });
  });
});
