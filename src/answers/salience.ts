import { candidateSpans, type Span } from './answer-span.ts';

/**
 * How prominent each name, date or number is in its article, 0–1: mentions of the phrase across
 * the article, against the most-mentioned one. A story's central name that the question does not
 * give ("which show …?" about a story on "Squid Game") is usually what the question asks for.
 */
export function salienceOf(sentences: readonly string[], questionTerms: ReadonlySet<string>): (span: Span) => number {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const span of candidateSpans(sentence, questionTerms)) {
      const key = salienceKey(span.text);
      if (key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const most = Math.max(1, ...counts.values());
  if (most < 2) return () => 0;
  return (span) => {
    const count = counts.get(salienceKey(span.text)) ?? 0;
    return count < 2 ? 0 : Math.log(count) / Math.log(most);
  };
}

/** Names count by their last word, so "Liz Cheney", "Cheney" and "Cheney’s" are one name. */
function salienceKey(text: string): string {
  const key = text.toLowerCase().replace(/['’]s?$/, '').replace(/^the\s+/, '').trim();
  return key.split(/\s+/).at(-1) ?? key;
}
