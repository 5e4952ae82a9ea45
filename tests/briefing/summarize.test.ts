import { describe, expect, it } from 'vitest';
import { isDebris, stripDateline } from '../../src/briefing/debris.ts';
import { summarizeText } from '../../src/briefing/summarize.ts';

const article = [
  'KYIV (Reuters) — Ukrainian and American negotiators agreed on Saturday to a second round of ceasefire talks in Geneva next month, officials said.',
  'By Anna Kowal',
  'The talks in Kyiv lasted four hours and covered prisoner exchanges, energy infrastructure and security guarantees for Ukraine.',
  'Photo: Getty Images',
  '"We made progress on prisoner exchanges," Foreign Minister Olena Kovalenko told reporters after the ceasefire talks.',
  'The weather in Kyiv was cold and grey, with light snow in the afternoon.',
  'Diplomats said the ceasefire draft had twelve points and had been shared with European partners before the talks.',
  'Read more',
  '← Back to News',
].join('\n\n');

describe('summarizeText', () => {
  it('strips the dateline and never quotes bylines, credits or navigation', () => {
    const summary = summarizeText(article, { sentences: 3 });
    expect(summary).toHaveLength(3);
    expect(summary[0]).toMatch(/^Ukrainian and American negotiators agreed/);
    for (const sentence of summary) expect(sentence).not.toMatch(/Reuters|By Anna|Getty|Read more|Back to News/);
  });

  it('returns sentences of the text, in their original order', () => {
    const summary = summarizeText(article, { sentences: 4 });
    const flat = article.replace(/\s+/g, ' ');
    const positions = summary.map((sentence) => flat.indexOf(sentence));
    for (const position of positions) expect(position).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('prefers what the article is about to an off-topic aside', () => {
    expect(summarizeText(article, { sentences: 3 }).join(' ')).not.toMatch(/weather/);
  });

  it('does not repeat itself when a sentence recurs (a caption copying the lead)', () => {
    const lead = 'The city council approved a new budget for schools and hospitals on Tuesday night.';
    const text = [lead, 'Council members debated for six hours before the vote.', lead, 'The budget raises spending on hospitals by 4 percent.'].join(' ');
    const summary = summarizeText(text, { sentences: 3 });
    expect(new Set(summary).size).toBe(summary.length);
    expect(summary.filter((sentence) => sentence === lead)).toHaveLength(1);
  });

  it('keeps within a character budget, at least one sentence', () => {
    const summary = summarizeText(article, { chars: 200 });
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.join(' ').length).toBeLessThanOrEqual(200);
    const tiny = summarizeText(article, { chars: 40 });
    expect(tiny).toHaveLength(1);
    expect(tiny[0]!.length).toBeLessThanOrEqual(40);
  });

  it('handles empty, one-sentence and unpunctuated inputs', () => {
    expect(summarizeText('')).toEqual([]);
    expect(summarizeText('   \n\n ')).toEqual([]);
    expect(summarizeText('Only one sentence here about the harbour.')).toEqual(['Only one sentence here about the harbour.']);
    expect(summarizeText('A headline-like line without a full stop')).toEqual(['A headline-like line without a full stop']);
  });

  it('uses the title to decide what matters', () => {
    const text = 'Rain fell across the region on Monday. The harbour authority approved a new ferry terminal costing 40 million euros. Shops reported a quiet day.';
    expect(summarizeText(text, { sentences: 1, title: 'Harbour approves ferry terminal' })).toEqual(['The harbour authority approved a new ferry terminal costing 40 million euros.']);
  });
});

describe('debris and datelines', () => {
  it('recognises furniture but not reporting', () => {
    for (const line of ['← Back to News', 'Read more', 'By Anna Kowal', 'By . Associated Press .', 'PUBLISHED: . 14:11 EST, 25 October 2013 .', 'Photo: Getty Images', 'Scroll down for video', 'THR: Furious 7 scores Thailand release', "CNN's Jane Doe contributed to this report.", '14:11 EST, 25 October 2013 .', 'Pictured: The mayor with volunteers on Sunday.']) {
      expect(isDebris(line), line).toBe(true);
    }
    for (const line of ['By Monday the river had risen two metres.', 'Read the full statement, the minister urged voters.', 'Officials met in Kyiv on Saturday.', 'On 25 October 2013 the bishop fell ill.', 'The vote is on May 16.']) {
      expect(isDebris(line), line).toBe(false);
    }
  });

  it('strips agency and city datelines', () => {
    expect(stripDateline('KYIV (Reuters) — Talks resumed on Monday.')).toBe('Talks resumed on Monday.');
    expect(stripDateline('(CNN)The talks resumed on Monday in Geneva.')).toBe('The talks resumed on Monday in Geneva.');
    expect(stripDateline('Kathmandu, Nepal (CNN) -- Rescuers searched the rubble again.')).toBe('Rescuers searched the rubble again.');
    expect(stripDateline('WASHINGTON — The Senate passed the bill late on Friday.')).toBe('The Senate passed the bill late on Friday.');
    expect(stripDateline('NATO said on Monday that talks would continue.')).toBe('NATO said on Monday that talks would continue.');
  });
});
