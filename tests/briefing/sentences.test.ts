import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.ts';

describe('splitSentences edge cases', () => {
  it('keeps U.S., titles, ranks and months inside sentences', () => {
    expect(splitSentences('The U.S. Army and Gen. Mark Lee met Sen. Ruiz on Jan. 12. Lt. Col. Ames was there. They left.')).toEqual([
      'The U.S. Army and Gen. Mark Lee met Sen. Ruiz on Jan. 12.',
      'Lt. Col. Ames was there.',
      'They left.',
    ]);
  });

  it('ends a sentence at an abbreviation when a new sentence plainly starts', () => {
    expect(splitSentences('The talks were held in the U.S. The next round is in Geneva.')).toEqual(['The talks were held in the U.S.', 'The next round is in Geneva.']);
  });

  it('keeps initials and decimals', () => {
    expect(splitSentences('George W. Bush spoke. J. R. R. Tolkien wrote. Growth was 2.5 percent, up from 1.75.')).toEqual([
      'George W. Bush spoke.',
      'J. R. R. Tolkien wrote.',
      'Growth was 2.5 percent, up from 1.75.',
    ]);
  });

  it('keeps quotations whole and with their speaker', () => {
    expect(splitSentences('"Is it over?" she asked. He said: "It is over. We lost." Then he left.')).toEqual([
      '"Is it over?" she asked.',
      'He said: "It is over. We lost."',
      'Then he left.',
    ]);
  });

  it('joins "No." to a number but not to a new sentence', () => {
    expect(splitSentences('He wore No. 9 all season. Did he score? No. The keeper saved it.')).toEqual(['He wore No. 9 all season.', 'Did he score?', 'No.', 'The keeper saved it.']);
  });

  it('separates sentences that scraping glued together', () => {
    expect(splitSentences('The film made history."Furious 7" opened on Friday.')).toEqual(['The film made history.', '"Furious 7" opened on Friday.']);
  });
});
