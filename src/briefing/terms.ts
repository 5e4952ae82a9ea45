import { stemmer } from 'stemmer';

/** Function words that say nothing about what a sentence is about. */
export const stopwords: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can ' +
    'could did do does doing down during each few for from further had has have having he her here hers herself him himself his how ' +
    'i if in into is it its itself just may me might more most must my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you your yours yourself ' +
    'yourselves said says say told according also one two new year years last first like get got make made many much us mr mrs ms ' +
    'people time week day according since still even well back way just around including however'
  ).split(' '),
);

const stemCache = new Map<string, string>();

/** Porter stem of a lowercase word, cached (the same few thousand words recur in news). */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = stemmer(word);
    if (stemCache.size < 100_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/**
 * The words of a text that carry its meaning: lowercase, letters or digits, no stopwords,
 * Porter-stemmed so "talks" and "talked" match.
 *
 * @example
 * contentTerms('Talks were held in Kyiv.') // ['talk', 'held', 'kyiv']
 */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (stopwords.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    out.push(stem(word));
  }
  return out;
}

/** Capitalised words not at the start of a sentence: a cheap stand-in for named entities. */
export function entityTerms(text: string): string[] {
  const out: string[] = [];
  const pattern = /(?<=[\p{L}\p{N},;:'"”’)]\s+)\p{Lu}[\p{L}\p{N}'’.-]*\p{L}/gu;
  for (const match of text.matchAll(pattern)) {
    const word = match[0].toLowerCase().replace(/['’]s$/, '');
    if (!stopwords.has(word)) out.push(word);
  }
  return out;
}
