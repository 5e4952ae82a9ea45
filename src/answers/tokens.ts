/**
 * The words search and answers match on: lowercased letters-or-digits, English stop words
 * dropped, and a light plural stemmer so "talks" finds "talk" and "countries" finds "country".
 * Deliberately not a full stemmer: names ("Paris", "Reyes") must stay recognisable.
 */

const stopList = `a about above after again against all am an and any are aren as at be because been before being
below between both but by can cannot could couldn did didn do does doesn doing don down during each few for from
further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it its
itself just let ll me more most mustn my myself no nor not now of off on once only or other ought our ours ourselves
out over own re s same shan she should shouldn so some such t than that the their theirs them themselves then there
these they this those through to too under until up ve very was wasn we were weren what when where which while who
whom why will with would wouldn you your yours yourself yourselves also said says say according just`;

export const stopWords: ReadonlySet<string> = new Set(stopList.split(/\s+/));

const wordPattern = /[\p{L}\p{N}]+/gu;

/** Folds one lowercased word to its search form. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is|ous)$/.test(word)) return word;
  if (/(sses|xes|ches|shes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Word → search term (or '' for a stop word), remembered: news vocabulary repeats a lot. */
const termCache = new Map<string, string>();
const maxCached = 500_000;

/** Search terms of a text, in order, repeats kept (for term frequencies). */
export function terms(text: string): string[] {
  const out: string[] = [];
  const words = text.toLowerCase().match(wordPattern);
  if (words === null) return out;
  for (const word of words) {
    let term = termCache.get(word);
    if (term === undefined) {
      term = stopWords.has(word) || word.length > 40 ? '' : stem(word);
      if (termCache.size < maxCached) termCache.set(word, term);
    }
    if (term !== '') out.push(term);
  }
  return out;
}

/** Every word of a text with its position, stop words kept (for phrases and snippets). */
export function wordSpans(text: string): Array<{ term: string; start: number; end: number }> {
  const out: Array<{ term: string; start: number; end: number }> = [];
  for (const match of text.matchAll(wordPattern)) {
    out.push({ term: stem(match[0].toLowerCase()), start: match.index, end: match.index + match[0].length });
  }
  return out;
}
