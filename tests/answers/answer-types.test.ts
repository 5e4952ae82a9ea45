import { describe, expect, it } from 'vitest';
import { typeFit } from '../../src/answers/answer-span.ts';
import { isPlaceOfKind } from '../../src/answers/places.ts';
import { analyseQuestion, askingClause } from '../../src/answers/question.ts';
import type { ArticleInput } from '../../src/domain/article.ts';
import { newsroom, newsroomEngine } from './fixtures.ts';

function article(title: string, text: string, slug: string): ArticleInput {
  return { title, text, url: `https://test.example/${slug}`, source: 'Test Wire', publishedAt: '2026-11-20T09:00:00.000Z' };
}

describe('question analysis', () => {
  it('finds the question proper after a lead-in, and marks the lead-in words as background', () => {
    const text = 'Legendary director Anna Berg died at 91 this week. Where did she start her career in 1958?';
    expect(text.slice(askingClause(text).start, askingClause(text).end).trim()).toBe('Where did she start her career in 1958?');
    const terms = analyseQuestion(text).terms;
    expect(terms.filter((term) => term.background).map((term) => term.term)).toEqual(['legendary', 'director', 'anna', 'berg', 'died', '91']);
    expect(terms.find((term) => term.term === 'career')?.background).toBeUndefined();
    // Decimal points and titles are not sentence ends.
    const whole = 'Which country was shaken by a 7.0-magnitude quake after Dr. Reyes left?';
    expect(askingClause(whole)).toEqual({ start: 0, end: whole.length });
  });

  it('knows which kind of place is asked for', () => {
    expect(analyseQuestion('Which two countries did NATO invite?')).toMatchObject({ type: 'place', placeKind: 'country' });
    expect(analyseQuestion('Which island nation plunged into chaos?')).toMatchObject({ type: 'place', placeKind: 'country' });
    expect(analyseQuestion('Which state legalised jaywalking?')).toMatchObject({ type: 'place', placeKind: 'state' });
    expect(analyseQuestion('Where did the ministers meet?').placeKind).toBeUndefined();
    expect(isPlaceOfKind('Mexico', 'country')).toBe(true);
    expect(isPlaceOfKind('Texas', 'country')).toBe(false);
    // For "which country", a place that is no known country is only plausible.
    expect(typeFit({ text: 'Santa Cruz', start: 0, end: 10, type: 'place' }, 'place', { placeKind: 'country' })).toBe(0.5);
    expect(typeFit({ text: 'Mexico', start: 0, end: 6, type: 'person' }, 'place', { placeKind: 'country' })).toBe(1);
  });
});

describe('answer engine: answer types', () => {
  it('answers "how many X" from the sentence that counts X, not one that merely repeats the question', async () => {
    const { answers } = await newsroomEngine({
      inputs: [
        ...newsroom,
        article(
          'Inquiry into the harbour fire response',
          'Firefighters sent 12 engines to the harbour fire after it was reported on 12 May, the inquiry found.\n\nWitnesses said the alarm sounded twice.\n\nThe blaze burned for 47 minutes before the first crews arrived.',
          'harbour-fire',
        ),
      ],
    });
    const answer = await answers.ask('How many minutes did the harbour fire burn before firefighters arrived?');
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toMatch(/^47/);
    expect(answer.quote).toMatch(/47 minutes/);
  });

  it('answers "who met" with both sides of the meeting, and a plain "who" with one person', async () => {
    const { answers } = await newsroomEngine({
      inputs: [
        ...newsroom,
        article(
          'Trade ministers meet in Oslo',
          'Trade Minister Ingrid Dahl met her Canadian counterpart Marc Tremblay in Oslo on Tuesday to discuss fishing quotas.\n\nThe talks lasted three hours, officials said.\n\nA joint statement is expected next week.',
          'oslo-trade',
        ),
      ],
    });
    const met = await answers.ask('Who met in Oslo?');
    expect(met.abstained).toBe(false);
    expect(met.answer).toBe('Trade Minister Ingrid Dahl and Marc Tremblay');
    expect(analyseQuestion('Who did Ingrid Dahl meet in Oslo?').pair).toBeUndefined();
    expect(analyseQuestion('Who led the talks?').pair).toBeUndefined();
    expect(analyseQuestion('who spoke with the minister?').pair).toBe(true);
  });

  it('answers "which country" with a country rather than a town named beside the question words', async () => {
    const { answers } = await newsroomEngine({
      inputs: [
        ...newsroom,
        article(
          'Hurricane Lorna makes landfall',
          'Hurricane Lorna made landfall this week near Puerto Alto with winds of 190 km/h, the hurricane centre said.\n\nThe storm then crossed central Chile, where thousands were evacuated.\n\nForecasters expect it to weaken by Friday.',
          'hurricane-lorna',
        ),
      ],
    });
    const answer = await answers.ask('Hurricane Lorna made landfall in which country this week?');
    expect(answer.abstained).toBe(false);
    expect(answer.quote).toMatch(/Chile/);
  });

  it('answers "how much will it cost" with an amount of money, not another number beside the question words', async () => {
    const { answers } = await newsroomEngine({
      inputs: [
        ...newsroom,
        article(
          'Lakeside council approves 12-kilometre tram extension',
          'Lakeside city council voted 30 to 11 on Tuesday to approve a 12-kilometre extension of the tram line.\n\nThe extension is expected to cost 410 million euros.',
          'lakeside-tram',
        ),
      ],
    });
    const answer = await answers.ask('How much will the Lakeside tram extension cost?');
    expect(answer.answer).toBe('410 million euros');
  });

  it('abstains on "who won the election" when the articles only say when it will be held', async () => {
    const { answers } = await newsroomEngine({
      inputs: [
        ...newsroom,
        article('Parliament sets general election for May 16', 'Parliament voted on Monday to hold the next general election on May 16.\n\nThe prime minister said the date gives the next government time to pass a budget.', 'election-date'),
      ],
    });
    expect((await answers.ask('who won the election?')).abstained).toBe(true);
    expect((await answers.ask('when is the election?')).answer).toMatch(/May 16/);
  });

  it('picks as the short answer the name the story is about, not a passing one in the same sentence', async () => {
    const { answers } = await newsroomEngine({
      inputs: [
        ...newsroom,
        article(
          'Streaming hit renewed for a second season',
          'Kingdom Tales has become the most watched series of the year.\n\nOn Monday, director Mara Lind confirmed on Streamly that the hit fantasy show was renewed for a second season.\n\nKingdom Tales drew 40 million viewers in its first month, and fans of Kingdom Tales had campaigned for more.',
          'kingdom-tales',
        ),
      ],
    });
    const answer = await answers.ask('Which hit fantasy show was renewed for a second season?');
    expect(answer.answer).toBe('Kingdom Tales');
  });

  it('prefers the early sentence that names the answer to a later one that only restates the question', async () => {
    const { answers } = await newsroomEngine({
      inputs: [
        ...newsroom,
        article(
          'Walking robot unveiled',
          'Brightwater Dynamics unveiled a walking delivery robot on Friday.\n\nAnalysts had expected a new battery instead.\n\nInvestors cheered.\n\nThe shares rose 4%.\n\nA rival, Kestrel Labs, declined to comment.\n\nSpeaking in Oslo, the company’s chief executive, Lena Moss, said the walking delivery robot unveiled on Friday would go on sale next year.',
          'walking-robot',
        ),
      ],
    });
    const answer = await answers.ask('Which company unveiled a walking delivery robot?');
    expect(answer.quote).toMatch(/Brightwater Dynamics/);
  });
});
