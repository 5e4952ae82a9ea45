import type { QueryTerm } from './search-index.ts';
import { wordSpans } from './tokens.ts';

/**
 * A verbatim piece of `text` (about `maxChars`) around the densest cluster of query terms,
 * cut at word boundaries. Without any match, the opening of the text.
 */
export function snippetOf(text: string, queryTerms: readonly QueryTerm[], maxChars = 220): string {
  const spans = wordSpans(text);
  const matches = (term: string) => queryTerms.some((query) => (query.prefix ? term.startsWith(query.term) : term === query.term));
  const window = 30;
  let best = -1;
  let bestScore = 0;
  const hits = spans.map((span) => matches(span.term));
  for (let i = 0; i < spans.length; i += 1) {
    if (!hits[i]) continue;
    const distinct = new Set<string>();
    for (let j = i; j < Math.min(spans.length, i + window); j += 1) if (hits[j]) distinct.add(spans[j]!.term);
    if (distinct.size > bestScore) {
      bestScore = distinct.size;
      best = i;
    }
  }
  const clip = (from: number) => {
    let start = from;
    let end = Math.min(text.length, start + maxChars);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + maxChars / 2) end = space;
    }
    return text.slice(start, end).replace(/\s+/g, ' ').trim();
  };
  if (best < 0) return clip(0);
  // Start a few words before the first match, or at its sentence start when that is close.
  const first = spans[best]!.start;
  const sentenceStart = Math.max(text.lastIndexOf('. ', first), text.lastIndexOf('\n', first));
  const lead =
    sentenceStart < 0 && first < maxChars / 3 ? 0 : sentenceStart >= 0 && first - sentenceStart < maxChars / 3 ? sentenceStart + (text[sentenceStart] === '\n' ? 1 : 2) : spans[Math.max(0, best - 6)]!.start;
  return clip(lead);
}
