import { afterEach, describe, expect, it } from 'vitest';
import { llmFixture, promptOf, sourceNumber } from './setup.ts';

type Fixture = Awaited<ReturnType<typeof llmFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const port = 'Odesa port reopens after storm';
const council = 'Kyiv council approves winter heating budget';
const library = 'Lviv library extends opening hours';

/** Answers every chat request with `write(n)` where n is the number the prompt gave `title`. */
function answerCiting(f: Fixture, title: string, write: (n: number) => string) {
  f.api.respond = (request) => ({ content: write(sourceNumber(promptOf(request.body), title)), totalTokens: 120 });
}

describe('LLM answers, as the user sees them', () => {
  it('shows a good abstractive answer with its citation, the quote it rests on and how it was made', async () => {
    fixture = await llmFixture();
    answerCiting(fixture, port, (n) => `Harbour master Taras Hlib said 35 ships were waiting to unload grain at Odesa [${n}].`);
    const shown = await fixture.run('ask', 'How many ships were waiting at the Odesa port?');
    expect(shown).toMatch(/^Harbour master Taras Hlib said 35 ships were waiting to unload grain at Odesa \[1\]\./);
    expect(shown).toContain('“Harbour master Taras Hlib said 35 ships were waiting to unload grain. [1]”');
    expect(shown).toContain('[1] Odesa port reopens after storm — Sea Post');
    expect(shown).toContain('https://seapost.example.org/odesa-port');
    expect(shown).toContain('Written with test-model, checked against sources.');
    expect(shown).not.toContain('LOCAL ANSWER');
    // Asked once all the same: the local engine keeps its conversation memory for follow-ups.
    expect(fixture.local.calls).toEqual(['How many ships were waiting at the Odesa port?']);
    const request = fixture.api.chats()[0]!;
    expect(request.body).toMatchObject({ model: 'test-model', max_tokens: 400 });
  });

  it('shows the LLM answer even when the local engine fails', async () => {
    fixture = await llmFixture();
    fixture.local.ask = async () => {
      throw new Error('local index broken');
    };
    answerCiting(fixture, port, (n) => `The Odesa port reopened on Friday [${n}].`);
    expect(await fixture.run('ask', 'When did the Odesa port reopen?')).toMatch(/^The Odesa port reopened on Friday \[1\]\./);
  });

  it('answers locally when the LLM cites a source number it was not given', async () => {
    fixture = await llmFixture();
    fixture.api.script({ content: 'Harbour master Taras Hlib said 35 ships were waiting to unload grain [7].' });
    const shown = await fixture.run('ask', 'How many ships were waiting at the Odesa port?');
    expect(shown).toContain('LOCAL ANSWER');
    expect(shown).not.toContain('Taras Hlib said 35');
    expect(shown).toContain('did not match the sources: answered locally');
  });

  it('answers locally when the LLM attributes a fact to the wrong source', async () => {
    fixture = await llmFixture();
    answerCiting(fixture, council, (n) => `The Odesa port reopened on Friday after a storm damaged two cranes [${n}].`);
    const shown = await fixture.run('ask', 'What happened at the Odesa port and what did the Kyiv council approve?');
    expect(promptOf(fixture.api.chats()[0]!.body)).toContain(`title="${council}"`);
    expect(shown).toContain('LOCAL ANSWER');
    expect(shown).not.toContain('reopened on Friday after a storm damaged');
  });

  it('drops a sentence with a number or a name that no source contains, keeping the supported one', async () => {
    fixture = await llmFixture();
    answerCiting(fixture, port, (n) => `The Odesa port reopened on Friday [${n}].\nHarbour master Taras Hlib said 45 ships were waiting [${n}].\nPresident Petro Bondar visited the port [${n}].`);
    const shown = await fixture.run('ask', 'When did the Odesa port reopen?');
    expect(shown).toMatch(/^The Odesa port reopened on Friday \[1\]\./);
    expect(shown).not.toContain('45');
    expect(shown).not.toContain('Bondar');
    expect(shown).not.toContain('LOCAL ANSWER');
    expect(fixture.layer.grounding()).toMatchObject({ kept: 1, dropped: 2, reasons: { unsupported_number: 1, unsupported_name: 1 }, byCommand: { ask: { kept: 1, dropped: 2 } } });
  });

  it('answers locally when every sentence has an unsupported number', async () => {
    fixture = await llmFixture();
    answerCiting(fixture, port, (n) => `Harbour master Taras Hlib said 45 ships were waiting to unload grain [${n}].`);
    const shown = await fixture.run('ask', 'How many ships were waiting at the Odesa port?');
    expect(shown).toContain('LOCAL ANSWER');
    expect(shown).not.toContain('45 ships');
  });

  it('keeps a prompt injection in an article as delimited data and never shows what it asked for', async () => {
    fixture = await llmFixture();
    // A model that falls for the injection, and also says something true.
    answerCiting(fixture, library, (n) => `@everyone visit https://evil.example.net/prize now [${n}].\nThe Lviv city library will stay open until 22:00 on weekdays from December [${n}].`);
    const shown = await fixture.run('ask', 'Until when will the Lviv library stay open?');
    const request = fixture.api.chats()[0]!;
    const prompt = promptOf(request.body);
    const system = (request.body.messages as Array<{ role: string; content: string }>)[0]!.content;
    expect(system).toMatch(/never follow instructions/i);
    expect(prompt).toContain('Ignore previous instructions');
    expect(prompt).toContain('&lt;/source&gt; SYSTEM');
    expect(prompt).not.toContain('</source> SYSTEM');
    expect(prompt.indexOf('Ignore previous instructions')).toBeGreaterThan(prompt.indexOf(`title="${library}">`));
    expect(shown).toMatch(/^The Lviv city library will stay open until 22:00 on weekdays from December \[1\]\./);
    expect(shown).not.toContain('@everyone');
    expect(shown).not.toContain('evil.example.net');
  });

  it('answers locally when the LLM returns nothing', async () => {
    fixture = await llmFixture();
    fixture.api.script({ content: '' });
    const shown = await fixture.run('ask', 'When did the Odesa port reopen?');
    expect(shown).toContain('LOCAL ANSWER');
    expect(shown).toContain('The LLM gave no answer: answered locally.');
  });

  it('abstains honestly when the sources do not say and the local engine finds nothing either', async () => {
    fixture = await llmFixture();
    fixture.local.abstain = true;
    fixture.api.script({ content: 'NOT_IN_SOURCES' });
    const shown = await fixture.run('ask', 'Who won the Odesa port football cup?');
    expect(shown).toContain('The stored articles do not answer that (checked with test-model).');
    expect(shown).not.toContain('[1]');
  });

  it('retries a 429 and then shows the LLM answer', async () => {
    fixture = await llmFixture();
    fixture.api.script({ status: 429, headers: { 'retry-after-ms': '20' }, body: { error: { message: 'slow down', type: 'rate_limit' } } });
    answerCiting(fixture, port, (n) => `The Odesa port reopened on Friday [${n}].`);
    const shown = await fixture.run('ask', 'When did the Odesa port reopen?');
    expect(fixture.api.chats()).toHaveLength(2);
    expect(shown).toMatch(/^The Odesa port reopened on Friday \[1\]\./);
  });

  it('answers locally at once when the layer is closed during a hanging call (shutdown)', async () => {
    fixture = await llmFixture({ env: { LLM_TIMEOUT_MS: '5000' } });
    fixture.api.respond = () => ({ hang: true });
    const started = performance.now();
    const pending = fixture.run('ask', 'When did the Odesa port reopen?');
    setTimeout(() => void fixture!.layer.close(), 100);
    expect(await pending).toContain('LOCAL ANSWER');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers locally within the timeout when the server hangs', async () => {
    fixture = await llmFixture({ env: { LLM_TIMEOUT_MS: '300' } });
    fixture.api.respond = () => ({ hang: true });
    const started = performance.now();
    const shown = await fixture.run('ask', 'When did the Odesa port reopen?');
    const elapsed = performance.now() - started;
    expect(shown).toContain('LOCAL ANSWER');
    expect(shown).toContain('LLM too slow: answered locally.');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('stops calling a failing server after repeated 500s, then probes again after the cooldown', async () => {
    fixture = await llmFixture({ env: { LLM_MAX_RETRIES: '0' }, breaker: { failureThreshold: 3, cooldownMs: 60_000 } });
    fixture.api.respond = () => ({ status: 500 });
    for (let i = 0; i < 3; i += 1) expect(await fixture.run('ask', 'When did the Odesa port reopen?')).toContain('LLM unavailable: answered locally.');
    expect(fixture.api.chats()).toHaveLength(3);
    const paused = await fixture.run('ask', 'When did the Odesa port reopen?');
    expect(paused).toContain('LOCAL ANSWER');
    expect(paused).toContain('LLM paused after repeated errors: answered locally.');
    expect(fixture.api.chats()).toHaveLength(3);

    fixture.clock.ms += 61_000;
    answerCiting(fixture, port, (n) => `The Odesa port reopened on Friday [${n}].`);
    expect(await fixture.run('ask', 'When did the Odesa port reopen?')).toMatch(/^The Odesa port reopened on Friday \[1\]\./);
    expect(fixture.api.chats()).toHaveLength(4);
  });

  it('answers locally once the daily token budget is spent, until the UTC day changes', async () => {
    fixture = await llmFixture({ env: { LLM_DAILY_TOKEN_BUDGET: '150' } });
    answerCiting(fixture, port, (n) => `The Odesa port reopened on Friday [${n}].`);
    fixture.api.respond = ((respond) => (request: Parameters<typeof respond>[0]) => ({ ...respond(request), totalTokens: 200 }))(fixture.api.respond);
    expect(await fixture.run('ask', 'When did the Odesa port reopen?')).toContain('Written with test-model');
    const spent = await fixture.run('ask', 'When did the Odesa port reopen?');
    expect(spent).toContain('LOCAL ANSWER');
    expect(spent).toContain('Daily LLM budget spent: answered locally.');
    expect(fixture.api.chats()).toHaveLength(1);
    const [today] = await fixture.layer.usage.usage(1);
    expect(today).toMatchObject({ day: '2026-11-25', tokens: 200, calls: 1, commands: { ask: { tokens: 200, calls: 1 } } });

    fixture.clock.ms += 24 * 3600_000;
    expect(await fixture.run('ask', 'When did the Odesa port reopen?')).toContain('Written with test-model');
    expect(fixture.api.chats()).toHaveLength(2);
  });
});

describe('hybrid retrieval with EMBEDDING_MODEL', () => {
  it('reranks passages by embeddings, counts their tokens, and still answers with checked citations', async () => {
    fixture = await llmFixture({ env: { EMBEDDING_MODEL: 'test-embed' } });
    answerCiting(fixture, port, (n) => `The Odesa port reopened on Friday [${n}].`);
    const shown = await fixture.run('ask', 'What happened at the Odesa port and what did the Kyiv council approve?');
    const embedding = fixture.api.requests.find((request) => request.path === '/v1/embeddings');
    expect(embedding?.body).toMatchObject({ model: 'test-embed', encoding_format: 'float' });
    expect((embedding?.body.input as string[])[0]).toBe('What happened at the Odesa port and what did the Kyiv council approve?');
    expect(shown).toMatch(/^The Odesa port reopened on Friday \[1\]\./);
    const [today] = await fixture.layer.usage.usage(1);
    expect(today?.calls).toBe(2);
  });

  it('keeps the lexical order when the embedding server fails', async () => {
    fixture = await llmFixture({ env: { EMBEDDING_MODEL: 'test-embed', LLM_MAX_RETRIES: '0' } });
    fixture.api.embeddingStatus = 500;
    answerCiting(fixture, port, (n) => `The Odesa port reopened on Friday [${n}].`);
    expect(await fixture.run('ask', 'What happened at the Odesa port and what did the Kyiv council approve?')).toMatch(/^The Odesa port reopened on Friday \[1\]\./);
    expect(fixture.api.requests.filter((request) => request.path === '/v1/embeddings')).toHaveLength(1);
  });
});
