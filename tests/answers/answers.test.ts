import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { newsroomEngine } from './fixtures.ts';

describe('answer engine', () => {
  it('answers who, when, how many and where with a phrase of that type, quoted verbatim and cited', async () => {
    const { answers, store } = await newsroomEngine();
    const cases: Array<[string, RegExp, string]> = [
      ['Who met Olena Kovalenko in Kyiv?', /Daniel Reyes/, 'https://ledger.example/kyiv-talks'],
      ['When will the central bank announce its rate decision?', /December 10/, 'https://meridian.example/inflation'],
      ['How many homes lost power in Storm Ilse?', /40,000/, 'https://harbor.example/storm-ilse'],
      ['Where did environment ministers open the river pollution summit?', /Vienna/, 'https://ledger.example/river-summit'],
      ['Who scored the winning goal in the cup final?', /Samuel Okafor/, 'https://gazette.example/cup-final'],
    ];
    for (const [question, expected, url] of cases) {
      const answer = await answers.ask(question);
      expect(answer.abstained, question).toBe(false);
      expect(answer.answer, question).toMatch(expected);
      expect(answer.citations[0]?.url, question).toBe(url);
      const article = await store.get(answer.citations[0]!.articleId);
      expect(article!.text.replace(/\s+/g, ' '), question).toContain(answer.quote);
    }
  });

  it('answers "what did X say" with what X said, from the sentence that names X', async () => {
    const { answers } = await newsroomEngine();
    const answer = await answers.ask('What did Russia say about the Kyiv talks?');
    expect(answer.answer).toMatch(/^Russia had not been consulted on the 12-point draft/);
    expect(answer.citations[0]?.url).toBe('https://wire.example/kyiv-reaction');
  });

  it('abstains with a suggested search when the stored articles do not cover the question', async () => {
    const { answers } = await newsroomEngine();
    const answer = await answers.ask('Who won the presidential election in Brazil?');
    expect(answer.abstained).toBe(true);
    expect(answer.note).toMatch(/not in the stored articles/);
    expect(answer.citations).toEqual([]);
    expect(answer.suggestedSearch).toMatch(/Brazil/);
  });

  it('abstains when the closest passage has nothing of the expected kind', async () => {
    const { answers } = await newsroomEngine();
    const answer = await answers.ask('When did Storm Ilse flood the harbor districts?');
    // The storm story names no date for the flooding ("overnight" only), so no date is invented.
    expect(answer.abstained).toBe(true);
  });

  it('abstains on an empty store', async () => {
    const { answers } = await newsroomEngine({ inputs: [] });
    const answer = await answers.ask('Who met in Kyiv?');
    expect(answer.abstained).toBe(true);
    expect(answer.note).toMatch(/none are stored yet/);
    expect(answer.suggestedSearch).toBeUndefined();
  });

  it('cleans markup out of questions before answering', async () => {
    const { answers } = await newsroomEngine();
    const answer = await answers.ask('<b>How many</b> homes lost **power** in [Storm Ilse](https://evil.example)?<script>alert(1)</script>');
    expect(answer.question).toBe('How many homes lost power in Storm Ilse?');
    expect(answer.answer).toMatch(/40,000/);
  });

  it('refuses a 10,000-character question and an empty one with a clear message', async () => {
    const { answers } = await newsroomEngine();
    await expect(answers.ask('why '.repeat(2_500))).rejects.toThrow(UserError);
    await expect(answers.ask('why '.repeat(2_500))).rejects.toThrow(/10,000 characters; the limit is 1,000 characters/);
    await expect(answers.ask('<p></p> ?!')).rejects.toThrow(/Ask a question in words/);
  });

  it('lets a follow-up lean on the previous question of the same conversation, for a limited time', async () => {
    const clock = { now: new Date('2026-11-25T08:00:00.000Z') };
    const { answers } = await newsroomEngine({ clock });
    const first = await answers.ask('What was said about the Kyiv talks?', { conversationKey: 'chat-1' });
    expect(first.abstained).toBe(false);
    const followUp = await answers.ask('And what did Russia say?', { conversationKey: 'chat-1' });
    expect(followUp.quote).toMatch(/Russia had not been consulted/);
    expect(followUp.citations[0]?.url).toBe('https://wire.example/kyiv-reaction');

    // Another conversation has no previous question to lean on.
    const elsewhere = await answers.ask('and when?', { conversationKey: 'chat-2' });
    expect(elsewhere.abstained).toBe(true);

    // On its own, "how many fans watched?" is about the jazz festival; after the cup question, the match.
    expect((await answers.ask('how many fans watched?')).answer).toMatch(/9,000/);
    await answers.ask('Who scored the winning goal in the cup final?', { conversationKey: 'chat-3' });
    const soon = await answers.ask('and how many fans watched?', { conversationKey: 'chat-3' });
    expect(soon.answer).toMatch(/52,000/);
    await answers.ask('Who scored the winning goal in the cup final?', { conversationKey: 'chat-4' });
    clock.now = new Date(clock.now.getTime() + 11 * 60_000);
    const late = await answers.ask('and how many fans watched?', { conversationKey: 'chat-4' });
    expect(late.answer).toMatch(/9,000/);
  });
});
