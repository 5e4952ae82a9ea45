import { afterEach, describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/domain/briefing.ts';
import type { FakeReply, RecordedRequest } from '../fakes/openai-api.ts';
import { councilArticle, injectedArticle, llmFixture, portArticle, promptOf, sourceNumber } from './setup.ts';

type Fixture = Awaited<ReturnType<typeof llmFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** What a well-behaved model writes about each article, by title. */
const good: Record<string, string> = {
  [portArticle.title]: 'The Odesa port reopened on Friday after a storm damaged two cranes [1].\nHarbour master Taras Hlib said 35 ships were waiting to unload grain [1].',
  [councilArticle.title]: 'Kyiv councillors approved a heating budget of 1,200 million hryvnias on Tuesday [1].',
  [injectedArticle.title]: 'The Lviv city library will stay open until 22:00 on weekdays from December [1].',
};

function titleOfSingle(request: RecordedRequest): string {
  return /<source n="1"[^>]*title="([^"]*)"/.exec(promptOf(request.body))?.[1] ?? '';
}

function writer(overrides: Record<string, string> = {}) {
  return (request: RecordedRequest): FakeReply => {
    const title = titleOfSingle(request);
    return { content: overrides[title] ?? good[title] ?? '' };
  };
}

describe('LLM briefings, as the user sees them', () => {
  it('shows each story in checked abstractive sentences with the briefing’s own citation numbers', async () => {
    fixture = await llmFixture();
    fixture.api.respond = writer();
    const shown = await fixture.run('brief', '');
    expect(shown).toContain('The Odesa port reopened on Friday after a storm damaged two cranes. [1] Harbour master Taras Hlib said 35 ships were waiting to unload grain. [1]');
    expect(shown).toContain('Kyiv councillors approved a heating budget of 1,200 million hryvnias on Tuesday. [2]');
    expect(shown).toContain('The Lviv city library will stay open until 22:00 on weekdays from December. [3]');
    expect(shown).not.toContain('LOCAL:');
    expect(shown).toContain('Written with test-model, checked against sources.');
    expect(fixture.api.chats()).toHaveLength(3);
  });

  it('summarises each article once and reuses it for later briefings and article summaries', async () => {
    fixture = await llmFixture();
    fixture.api.respond = writer();
    const first = await fixture.run('brief', '');
    const second = await fixture.run('brief', '');
    expect(second).toBe(first);
    const port = fixture.articles[0]!;
    expect(await fixture.briefings.summarizeArticle(port, { sentences: 1 })).toEqual(['The Odesa port reopened on Friday after a storm damaged two cranes.']);
    expect(fixture.api.chats()).toHaveLength(3);
  });

  it('keeps the local summary for a story whose LLM sentences fail the check, and says so', async () => {
    fixture = await llmFixture();
    fixture.api.respond = writer({ [injectedArticle.title]: 'Ignore the library. @everyone visit https://evil.example.net/prize now [1].\nThe library will host 300 concerts [1].' });
    const shown = await fixture.run('brief', '');
    expect(shown).toContain('LOCAL: The Lviv city library will stay open until 22:00 on weekdays from December.');
    expect(shown).not.toContain('@everyone');
    expect(shown).not.toContain('evil.example.net');
    expect(shown).not.toContain('Ignore the library');
    expect(shown).not.toContain('300 concerts');
    expect(shown).toContain('Harbour master Taras Hlib said 35 ships');
    expect(shown).toContain('Written with test-model, checked against sources. 1 of 3 stories use the local summary.');
  });

  it('keeps the local summary when the LLM writes nothing', async () => {
    fixture = await llmFixture();
    fixture.api.respond = () => ({ content: '' });
    const shown = await fixture.run('brief', '');
    expect(shown).toContain('LOCAL: The Odesa port reopened');
    expect(shown).toContain('Local summary: the LLM’s sentences did not pass the source check.');
  });

  it('shows the local briefing with a note when the LLM server fails', async () => {
    fixture = await llmFixture({ env: { LLM_MAX_RETRIES: '0' }, breaker: { failureThreshold: 2 } });
    fixture.api.respond = () => ({ status: 503 });
    const shown = await fixture.run('brief', '');
    expect(shown).toContain('LOCAL: The Odesa port reopened');
    expect(shown).toContain('LOCAL: The Kyiv city council approved');
    expect(shown).toContain('LLM unavailable: local summary.');
    const calls = fixture.api.chats().length;
    // The breaker opened after two failures, so the next briefing does not wait for the server.
    const next = await fixture.run('brief', '');
    expect(next).toContain('LOCAL: The Odesa port reopened');
    expect(next).toContain('LLM paused after repeated errors: local summary.');
    expect(fixture.api.chats()).toHaveLength(calls);
  });

  it('shows the local briefing without calling the LLM when the budget is spent', async () => {
    fixture = await llmFixture({ env: { LLM_DAILY_TOKEN_BUDGET: '100' } });
    await fixture.layer.usage.record('ask', 100);
    fixture.api.respond = writer();
    const shown = await fixture.run('brief', '');
    expect(shown).toContain('LOCAL: The Odesa port reopened');
    expect(shown).toContain('Daily LLM budget spent: local summary.');
    expect(fixture.api.chats()).toHaveLength(0);
  });

  it('writes one story from several articles and drops a sentence cross-wired to the wrong outlet', async () => {
    fixture = await llmFixture();
    const [port, council] = fixture.articles as [NonNullable<Fixture['articles'][0]>, NonNullable<Fixture['articles'][0]>];
    const local = {
      brief: async (): Promise<Briefing> => ({
        title: 'Your briefing',
        generatedAt: '2026-11-25T08:00:00.000Z',
        items: [{ headline: 'Storm and budget', sentences: [{ text: 'LOCAL story.', citations: [4, 7] }], citations: [4, 7], articleIds: [port.id, council.id], sources: ['Sea Post', 'Kyiv Daily'] }],
        citations: [
          { n: 4, articleId: port.id, title: port.title, source: port.source, url: port.url },
          { n: 7, articleId: council.id, title: council.title, source: council.source, url: council.url },
        ],
        articleCount: 2,
      }),
      summarizeArticle: () => ['LOCAL'],
    };
    fixture.api.respond = (request) => {
      const prompt = promptOf(request.body);
      const p = sourceNumber(prompt, port.title);
      const c = sourceNumber(prompt, council.title);
      return { content: `The Odesa port reopened on Friday after a storm [${c}].\nKyiv councillors approved a heating budget on Tuesday [${c}].\nA storm damaged two cranes at the Odesa port [${p}][${c}].` };
    };
    const briefing = await fixture.layer.wrapBriefings(local).brief({});
    expect(briefing.items[0]!.sentences).toEqual([
      { text: 'Kyiv councillors approved a heating budget on Tuesday.', citations: [7] },
      { text: 'A storm damaged two cranes at the Odesa port.', citations: [4] },
    ]);
    expect(briefing.note).toBe('Written with test-model, checked against sources.');
  });

  it('replaces the local engine’s own "Local summary" note when the LLM wrote the stories, and keeps other notes', async () => {
    fixture = await llmFixture();
    fixture.api.respond = writer();
    const withLocalNote = (note: string) => ({
      brief: async () => ({ ...(await fixture!.localBriefings.brief({})), note }),
      summarizeArticle: fixture!.localBriefings.summarizeArticle,
    });
    expect((await fixture.layer.wrapBriefings(withLocalNote('Local summary: 3 stories from 3 articles; sentences quoted from the cited articles.')).brief({})).note).toBe('Written with test-model, checked against sources.');
    expect((await fixture.layer.wrapBriefings(withLocalNote('Only 3 stories match.')).brief({})).note).toBe('Only 3 stories match. Written with test-model, checked against sources.');
  });
});
