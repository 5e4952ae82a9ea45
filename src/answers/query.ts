import type { QueryTerm } from './search-index.ts';
import { stem, stopWords, wordSpans } from './tokens.ts';

/** A search as typed: plain words, `pref*` prefixes and `"exact phrases"`. */
export interface ParsedQuery {
  terms: QueryTerm[];
  /** Each phrase as its word sequence (stop words kept), matched in order against the text. */
  phrases: string[][];
}

/**
 * Parses a search query. Words are stemmed like the index; `*` after at least two letters makes a
 * prefix; text in double quotes (straight or curly) must appear as a phrase.
 *
 * @example
 * parseQuery('"peace plan" negotiat*') // phrases [['peace','plan']], terms peace, plan, negotiat*
 */
export function parseQuery(text: string): ParsedQuery {
  const terms: QueryTerm[] = [];
  const phrases: string[][] = [];
  const seen = new Set<string>();
  const addTerm = (term: QueryTerm) => {
    const key = `${term.term}${term.prefix ? '*' : ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    terms.push(term);
  };
  const normalized = text.replace(/[“”„«»]/g, '"');
  const rest = normalized.replace(/"([^"]*)"?/g, (_, inner: string) => {
    const words = wordSpans(inner).map((span) => span.term);
    if (words.length > 1) phrases.push(words);
    for (const word of words) if (!stopWords.has(word)) addTerm({ term: word });
    return ' ';
  });
  for (const match of rest.toLowerCase().matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
    const word = match[1]!;
    if (match[2] === '*' && word.length >= 2) {
      addTerm({ term: word, prefix: true });
      continue;
    }
    if (stopWords.has(word)) continue;
    addTerm({ term: stem(word) });
  }
  return { terms, phrases };
}

/** Whether the words of `text` contain `phrase` in order. */
export function containsPhrase(text: string, phrase: readonly string[]): boolean {
  const words = wordSpans(text).map((span) => span.term);
  outer: for (let i = 0; i + phrase.length <= words.length; i += 1) {
    for (let j = 0; j < phrase.length; j += 1) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
