import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { echoFirstSource, startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-api.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { closedPort } from '../helpers/ports.ts';

describe('the CLI in LLM mode', () => {
  let dataDir: string;
  let api: FakeOpenAi;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cli-llm-'));
    api = await startFakeOpenAi();
    const samples = readFileSync(new URL('../../samples/articles.jsonl', import.meta.url), 'utf8');
    const ingest = await runCliCaptured(['ingest', '--jsonl'], { DATA_DIR: dataDir }, { input: samples });
    expect(ingest.code, ingest.err).toBe(0);
  });
  afterEach(async () => {
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (baseUrl: string) => ({ DATA_DIR: dataDir, OPENAI_BASE_URL: baseUrl, LLM_MODEL: 'echo-model', LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });

  it('writes `brief` with the configured model, like the bots do', async () => {
    api.respond = echoFirstSource;
    const result = await runCliCaptured(['brief', '--since', '3650d', '--limit', '2'], env(api.baseUrl));
    expect(result.code, result.err).toBe(0);
    expect(api.chats().length).toBeGreaterThan(0);
    expect(result.out).toMatch(/\[1\]/);
  });

  it('says how `ask` was answered: by the model, or locally when the endpoint is down', async () => {
    api.respond = echoFirstSource;
    const written = await runCliCaptured(['ask', 'who met in Kyiv?'], env(api.baseUrl));
    expect(written.code, written.err).toBe(0);
    expect(written.out).toMatch(/Written with echo-model, checked against sources/);

    const port = await closedPort();
    const local = await runCliCaptured(['ask', 'who met in Kyiv?'], env(`http://127.0.0.1:${port}/v1`));
    expect(local.code, local.err).toBe(0);
    expect(local.out).toMatch(/Kovalenko|Reyes/);
    expect(local.out).toMatch(/answered locally/i);
  });
});
