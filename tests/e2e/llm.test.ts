import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { echoFirstSource, startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-api.ts';
import { entry, makeSandbox, runProcess, type Sandbox } from './process.ts';
import { closedPort } from '../helpers/ports.ts';

const input = '/brief\n/ask who met in Kyiv?\n';

describe('the console with an OpenAI-compatible endpoint configured', () => {
  let sandbox: Sandbox;
  let api: FakeOpenAi;
  beforeEach(async () => {
    sandbox = await makeSandbox();
    api = await startFakeOpenAi();
  });
  afterEach(async () => {
    await api.close();
    await sandbox.remove();
  });

  const llmEnv = (baseUrl: string) => sandbox.env({ OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'sk-e2e-llm-key-0123456789', LLM_MODEL: 'echo-model', LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });

  it('writes the briefing and the answer with the model, cited, and says which model wrote them', async () => {
    api.respond = echoFirstSource;
    const result = await runProcess(entry.start, [], { env: llmEnv(api.baseUrl), cwd: sandbox.dir, input, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(api.chats().length).toBeGreaterThan(0);
    expect(api.chats()[0]!.headers.authorization).toBe('Bearer sk-e2e-llm-key-0123456789');
    expect(result.stdout).toMatch(/Written with echo-model, checked against sources/);
    expect(result.stdout).toMatch(/\[1\] .+ — https:\/\/\w+\.example\//);
    expect(result.stdout + result.stderr).not.toContain('sk-e2e-llm-key-0123456789');
  }, 90_000);

  it('shows an abstractive answer in the model\'s own words when the source check supports it', async () => {
    const paraphrase = 'Envoy Daniel Reyes met Foreign Minister Olena Kovalenko in Kyiv on Saturday for about four hours [1].';
    api.respond = (request) => {
      const prompt = JSON.stringify(request.body.messages ?? []);
      return /who met in Kyiv/i.test(prompt) ? { content: paraphrase } : echoFirstSource(request);
    };
    const result = await runProcess(entry.start, [], { env: llmEnv(api.baseUrl), cwd: sandbox.dir, input: '/ask who met in Kyiv?\n', timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    // Not a sentence of any article: the model's wording, kept because every fact in it is in source 1.
    expect(result.stdout).toContain('Envoy Daniel Reyes met Foreign Minister Olena Kovalenko in Kyiv on Saturday for about four hours');
    expect(result.stdout).toMatch(/\[1\] .+ — https:\/\/\w+\.example\//);
  }, 90_000);

  it('drops a model that invents facts and falls back to the cited local summary', async () => {
    api.respond = () => ({ content: 'Aliens landed in Kyiv on Saturday and signed a treaty with the Moon [1].' });
    const result = await runProcess(entry.start, [], { env: llmEnv(api.baseUrl), cwd: sandbox.dir, input, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(api.chats().length).toBeGreaterThan(0);
    expect(result.stdout).not.toMatch(/Aliens|Moon/);
    expect(result.stdout).toMatch(/Envoy Reyes holds four-hour meeting/);
    expect(result.stdout).toMatch(/\[1\] .+ — https:\/\/\w+\.example\//);
  }, 90_000);

  it('with the endpoint down, still briefs and answers locally and says so', async () => {
    const port = await closedPort();
    const result = await runProcess(entry.start, [], { env: llmEnv(`http://127.0.0.1:${port}/v1`), cwd: sandbox.dir, input, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/local summary/i);
    expect(result.stdout).toMatch(/Kovalenko|Reyes/);
    expect(result.stdout).toMatch(/\[1\] .+ — https:\/\/\w+\.example\//);
  }, 90_000);
});
