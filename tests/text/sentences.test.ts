import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.ts';

describe('splitSentences', () => {
  it('keeps abbreviations, initials and decimals inside sentences', () => {
    expect(splitSentences('KYIV (Reuters) — U.S. Army Secretary Dan Driscoll met Gen. Smith on Jan. 5. Inflation was 3.5 percent. J. R. R. Tolkien wrote books.')).toEqual([
      'KYIV (Reuters) — U.S. Army Secretary Dan Driscoll met Gen. Smith on Jan. 5.',
      'Inflation was 3.5 percent.',
      'J. R. R. Tolkien wrote books.',
    ]);
  });

  it('keeps a quoted question with its speaker', () => {
    expect(splitSentences('"Is this the end?" she asked. "No," he said. The U.K. agreed.')).toEqual([
      '"Is this the end?" she asked.',
      '"No," he said.',
      'The U.K. agreed.',
    ]);
  });

  it('never joins sentences across paragraphs, and handles empty and unpunctuated text', () => {
    expect(splitSentences('First paragraph without a stop\n\nSecond one.')).toEqual(['First paragraph without a stop', 'Second one.']);
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   \n\n  ')).toEqual([]);
  });
});
