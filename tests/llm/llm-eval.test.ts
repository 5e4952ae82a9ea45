import { afterEach, describe, expect, it } from 'vitest';
import { llmAnswersFromEnv, llmSummarizerFromEnv } from '../../bench/llm-eval.ts';
import { openArticleStore } from '../../src/store/article-store.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-api.ts';

let api: FakeOpenAi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const text = 'The Odesa port reopened on Friday after a storm damaged two cranes.\n\nHarbour master Taras Hlib said 35 ships were waiting to unload grain.';

describe('llmSummarizerFromEnv (eval --llm hook)', () => {
  it('is undefined without LLM configuration', async () => {
    expect(await llmSummarizerFromEnv({})).toBeUndefined();
  });

  it('returns checked sentences, falls back to the lead when too few pass, and counts what was dropped', async () => {
    api = await startFakeOpenAi();
    api.script(
      { content: 'The Odesa port reopened on Friday [1].\nTaras Hlib said 35 ships waited [1].\nPresident Petro Bondar visited [1].', totalTokens: 150 },
      { content: 'Some 90 ships sank [1].', totalTokens: 50 },
    );
    const llm = (await llmSummarizerFromEnv({ LLM_MODEL: 'eval-model', OPENAI_BASE_URL: api.baseUrl, LLM_MAX_RETRIES: '0' }))!;
    expect(llm.name).toBe('LLM eval-model (source-checked)');
    expect(await llm.summarize(text, 3)).toEqual(['The Odesa port reopened on Friday.', 'Taras Hlib said 35 ships waited.']);
    expect(await llm.summarize(text, 1)).toEqual(['The Odesa port reopened on Friday after a storm damaged two cranes.']);
    expect(llm.stats()).toMatchObject({ documents: 2, llmDocuments: 1, fallbacks: 1, kept: 2, dropped: 2, reasons: { low_overlap: 1, unsupported_number: 1 }, tokens: 200 });
    expect(llm.statsLine()).toMatch(/^LLM grounding \(eval-model\): 2 sentences kept, 2 dropped/);
  });

  it('wraps a local answer engine for the QA tables and reports what the check dropped', async () => {
    api = await startFakeOpenAi();
    const backend = await openKeyvBackend({ memory: true });
    const store = await openArticleStore({ backend });
    const added = await store.add({ title: 'Odesa port reopens', text, url: 'https://seapost.example.org/odesa' });
    if (added.status !== 'added') throw new Error('not added');
    const search = { search: async (query: string) => ({ query, total: 1, hits: [{ articleId: added.article.id, title: 'Odesa port reopens', source: 'x', snippet: '', score: 1 }] }) };
    const local = { ask: async (question: string) => ({ question, abstained: true, citations: [] }) };
    api.script({ content: 'Harbour master Taras Hlib said 35 ships were waiting [1].\nSome 90 ships sank [1].', totalTokens: 80 });
    const llm = (await llmAnswersFromEnv({ LLM_MODEL: 'eval-model', OPENAI_BASE_URL: api.baseUrl }, { backend, store, local, search }))!;
    const answer = await llm.answers.ask('How many ships were waiting at Odesa?');
    expect(answer).toMatchObject({ abstained: false, answer: 'Harbour master Taras Hlib said 35 ships were waiting [1].' });
    expect(await llm.statsLine()).toBe('LLM grounding (eval-model, answers): 1 sentences kept, 1 dropped (unsupported_number 1); 80 tokens today.');
    await llm.close();
    await backend.close();
  });
});
