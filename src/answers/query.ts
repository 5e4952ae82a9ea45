import type { QueryTerm } from './search-index.ts';
import { stem, stopWords } from './tokens.ts';

/** A search as typed: plain words, `pref*` prefixes and `"exact phrases"`. */
export interface ParsedQuery {
  terms: QueryTerm[];
  /** Each phrase as its lowercased words (stop words kept), matched in order against the text. */
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
    const words = inner.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length > 1) phrases.push(words);
    for (const word of words) if (!stopWords.has(word)) addTerm({ term: stem(word) });
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

/** A matcher for the phrase's words in order, separated only by spaces or punctuation, any case. */
export function phrasePattern(phrase: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${phrase.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Whether `text` contains the phrase's words in order. */
export function containsPhrase(text: string, phrase: readonly string[]): boolean {
  return phrasePattern(phrase).test(text);
}
