import { describe, expect, it } from 'vitest';
import { estimateSimilarity, minhashSignature, encodeSignature, decodeSignature } from '../../src/text/minhash.ts';

const paragraph = 'The delegation met President Zelensky in Kyiv on Thursday to discuss a draft peace plan that would require concessions from Ukraine, officials said, while European ministers demanded a seat at the table and warned against any capitulation under pressure from Moscow.';

describe('minhash signatures', () => {
  it('are identical for identical text and stable through encoding', () => {
    const a = minhashSignature(paragraph);
    expect(estimateSimilarity(a, minhashSignature(paragraph))).toBe(1);
    expect(decodeSignature(encodeSignature(a))).toEqual(a);
  });

  it('are close for a light edit and far for a different story', () => {
    const text = `${paragraph} ${paragraph.replace('Thursday', 'Friday')} ${paragraph.toUpperCase()}`;
    const edited = text.replace('warned against any capitulation', 'said nothing about capitulation');
    const other = 'Heavy rain flooded the valley overnight and emergency crews evacuated three hundred residents from riverside homes as the water kept rising near the old bridge.';
    expect(estimateSimilarity(minhashSignature(text), minhashSignature(edited))).toBeGreaterThan(0.7);
    expect(estimateSimilarity(minhashSignature(text), minhashSignature(other))).toBeLessThan(0.2);
  });
});
