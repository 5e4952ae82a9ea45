import { afterEach, describe, expect, it } from 'vitest';
import { LlmUnavailableError } from '../../src/llm/errors.ts';
import { createOpenAiClient } from '../../src/llm/openai-client.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-api.ts';

let api: FakeOpenAi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const request = { system: 'You summarise.', user: 'Summarise <source n="1">text</source>' };

async function failure(promise: Promise<unknown>): Promise<LlmUnavailableError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LlmUnavailableError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('OpenAI client', () => {
  it('sends the model, both messages and the max_tokens cap, and a placeholder key when none is configured (local servers)', async () => {
    api = await startFakeOpenAi();
    api.script({ content: 'A summary [1].', totalTokens: 42 });
    const client = createOpenAiClient({ baseURL: api.baseUrl, model: 'llama3.2', timeoutMs: 2000, maxRetries: 0, maxTokens: 123 });
    expect(await client.complete(request)).toEqual({ text: 'A summary [1].', totalTokens: 42, finishReason: 'stop' });
    expect(api.requests[0]!.body).toEqual({ model: 'llama3.2', messages: [{ role: 'system', content: request.system }, { role: 'user', content: request.user }], max_tokens: 123 });
    expect(api.requests[0]!.headers.authorization).toBe('Bearer no-key-needed');
  });

  it('switches to max_completion_tokens when the server asks for it, and remembers', async () => {
    api = await startFakeOpenAi();
    api.script(
      { status: 400, body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error' } } },
      { content: 'one' },
      { content: 'two' },
    );
    const client = createOpenAiClient({ apiKey: 'sk-test-abcdefghijkl', model: 'o-model', baseURL: api.baseUrl, timeoutMs: 2000, maxRetries: 0, maxTokens: 50 });
    expect((await client.complete(request)).text).toBe('one');
    expect((await client.complete(request)).text).toBe('two');
    expect(api.requests.map((item) => [item.body.max_tokens, item.body.max_completion_tokens])).toEqual([[50, undefined], [undefined, 50], [undefined, 50]]);
    expect(api.requests[0]!.headers.authorization).toBe('Bearer sk-test-abcdefghijkl');
  });

  it('translates refused keys, bad requests, 5xx and unreachable servers to LlmUnavailableError', async () => {
    api = await startFakeOpenAi();
    const client = createOpenAiClient({ baseURL: api.baseUrl, model: 'm', timeoutMs: 2000, maxRetries: 0, maxTokens: 10 });
    api.script({ status: 401 }, { status: 404, body: { error: { message: 'model "m" not found' } } }, { status: 502 });
    expect((await failure(client.complete(request))).reason).toBe('auth');
    const notFound = await failure(client.complete(request));
    expect(notFound.reason).toBe('bad_request');
    expect(notFound.message).toContain('model "m" not found');
    expect((await failure(client.complete(request))).reason).toBe('server');
    const url = api.baseUrl;
    await api.close();
    api = undefined;
    const down = createOpenAiClient({ baseURL: url, model: 'm', timeoutMs: 2000, maxRetries: 0, maxTokens: 10 });
    expect((await failure(down.complete(request))).reason).toBe('connection');
  });

  it('bounds a call by one deadline, retries included', async () => {
    api = await startFakeOpenAi();
    api.respond = () => ({ status: 503, headers: { 'retry-after-ms': '150' } });
    const client = createOpenAiClient({ baseURL: api.baseUrl, model: 'm', timeoutMs: 400, maxRetries: 10, maxTokens: 10 });
    const started = performance.now();
    expect((await failure(client.complete(request))).reason).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(api.chats().length).toBeGreaterThanOrEqual(2);
  });
});
