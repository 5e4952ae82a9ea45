import { describe, expect, it } from 'vitest';
import { meanRouge, rougeScores, rougeTokens } from '../../bench/rouge.ts';

describe('ROUGE (rouge-score compatible)', () => {
  it('tokenises like rouge-score: lowercase, a–z0–9 runs, Porter stems of words over 3 letters', () => {
    expect(rougeTokens('U.S. GDP rose 3.5% — Running dogs!')).toEqual(['u', 's', 'gdp', 'rose', '3', '5', 'run', 'dog']);
  });

  it('scores unigrams and bigrams (hand-computed)', () => {
    // ref: the cat sat on the mat / cand: the cat lay on the mat
    // R1 overlap: the×2, cat, on, mat = 5 of 6 each side → 0.8333; R2: the-cat, on-the, the-mat = 3 of 5 → 0.6
    const scores = rougeScores('the cat sat on the mat', 'the cat lay on the mat');
    expect(scores.rouge1).toBeCloseTo(5 / 6, 10);
    expect(scores.rouge2).toBeCloseTo(0.6, 10);
    expect(scores.rougeLsum).toBeCloseTo(5 / 6, 10);
  });

  it('matches stemmed forms', () => {
    // ref: run dog / cand: the dog run → overlap 2, P 2/3, R 1 → F 0.8
    expect(rougeScores('running dogs', 'the dog runs').rouge1).toBeCloseTo(0.8, 10);
  });

  it('computes ROUGE-Lsum as the union LCS over newline-separated sentences', () => {
    // Each reference sentence is found whole in the one candidate sentence: Lsum 1, although the
    // plain LCS of the concatenations is only 2 of 4. R2: a-b and c-d of 3 bigrams each side → 2/3.
    const scores = rougeScores('a b\nc d', 'c d a b');
    expect(scores.rougeLsum).toBeCloseTo(1, 10);
    expect(scores.rouge2).toBeCloseTo(2 / 3, 10);
    // A candidate token is credited once: hits 1, P 1/1, R 1/3 → F 0.5.
    expect(rougeScores('a a\na', 'a').rougeLsum).toBeCloseTo(0.5, 10);
  });

  it('scores empty summaries as zero and averages ×100', () => {
    expect(rougeScores('the cat', '')).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
    const mean = meanRouge([
      { rouge1: 0.5, rouge2: 0.25, rougeLsum: 0.5 },
      { rouge1: 0.3, rouge2: 0.15, rougeLsum: 0.2 },
    ]);
    expect(mean.rouge1).toBeCloseTo(40, 10);
    expect(mean.rouge2).toBeCloseTo(20, 10);
    expect(mean.rougeLsum).toBeCloseTo(35, 10);
  });
});
