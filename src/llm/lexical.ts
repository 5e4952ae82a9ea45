/**
 * Word-level evidence used by the grounding check: content-word stems, numbers and
 * capitalised names, compared between a generated sentence and its cited passages.
 */

const stopwordList = (
  'a about above after again against all almost also although always am among an and another any are around as at ' +
  'be because been before being below between both but by can could did do does doing down during each either else ' +
  'even ever every few for from further had has have having he her here hers herself him himself his how however i ' +
  'if in into is it its itself just least less like many may me meanwhile might more most much must my myself ' +
  'near neither no nor not now of off often on once one only or other others our ours ourselves out over own ' +
  'per perhaps quite rather said same says several she should since so some still such than that the their theirs ' +
  'them themselves then there these they this those though through thus to too under until up upon us very via was ' +
  'we were what when where whether which while who whom whose why will with within without would yet you your ' +
  'according according additionally also announced later earlier today yesterday tomorrow week weeks month year years ' +
  'new news report reported reports reporting says told stated added noted mr mrs ms dr'
).split(/\s+/);

/** Function words and reporting verbs: they carry no claim. */
export const stopwords: ReadonlySet<string> = new Set(stopwordList);

// Number words a source may spell out where the summary writes digits.
const numberWords: Readonly<Record<string, string>> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18',
  nineteen: '19', twenty: '20', thirty: '30', forty: '40', fifty: '50', sixty: '60', seventy: '70', eighty: '80', ninety: '90',
  hundred: '100', thousand: '1000', dozen: '12',
};

/** Lowercase words with letters or digits; dotted acronyms ("U.S.") become one word ("us"). */
export function tokens(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu) ?? []).map(normalizeWord);
}

/** Lowercase, without dots, apostrophes or a possessive "'s". */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/['’]s$/u, '').replace(/[.'’]/g, '');
}

/** A crude stem: enough that "evacuated" meets "evacuation" and "talks" meets "talk". */
export function stem(word: string): string {
  return word.length <= 5 ? word.replace(/s$/, '') : word.slice(0, 5);
}

/** Content-word stems: no stopwords, no one- or two-letter words, no bare numbers. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const word of tokens(text)) {
    for (const part of word.split('-')) {
      if (part.length < 3 || stopwords.has(part) || /^\d+$/.test(part)) continue;
      out.push(stem(part));
    }
  }
  return out;
}

/** Numbers written in the text, normalised: "1,200" → "1200", "3.50" → "3.5", "twenty" → "20". */
export function numbersIn(text: string, options: { words?: boolean } = {}): Set<string> {
  const out = new Set<string>();
  for (const match of text.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
    let value = match[0].replace(/,(?=\d{3}\b)/g, '').replace(/,$/, '');
    if (value.includes('.')) value = value.replace(/\.?0+$/, '');
    out.add(value);
  }
  if (options.words) {
    for (const word of tokens(text)) {
      const digit = numberWords[word];
      if (digit !== undefined) out.add(digit);
    }
  }
  return out;
}

/**
 * Capitalised words a sentence names (people, places, organisations, days, acronyms).
 * The first word counts only when it is not a common word, since every sentence starts
 * with a capital.
 */
export function namesIn(sentence: string): Array<{ word: string; first: boolean }> {
  const out: Array<{ word: string; first: boolean }> = [];
  const words = [...sentence.matchAll(/[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*\.?/gu)];
  words.forEach((match, index) => {
    const raw = match[0].replace(/\.$/, '');
    for (const part of raw.split('-')) {
      if (!/^\p{Lu}/u.test(part)) continue;
      const word = normalizeWord(part);
      if (word.length === 0) continue;
      // A prefix such as "Ex-" or "Al-" is not a name of its own; short acronyms (UN, EU) are.
      if (word.length < 3 && !/^\p{Lu}{2,}$/u.test(part)) continue;
      if (index === 0 && (stopwords.has(word) || commonStarters.has(word) || commonNounShape.test(word))) continue;
      if (index > 0 && stopwords.has(word) && !/^\p{Lu}{2,}$/u.test(part)) continue;
      out.push({ word, first: index === 0 });
    }
  });
  return out;
}

// A first word shaped like a plural, a gerund or an abstract noun ("Recruits", "Singing",
// "Organisers") is capitalised only because it comes first; names rarely look like that.
const commonNounShape = /(?:ing|ers|ors|ions?|ments?|ness|ity|ies|ists|ians|als|[^su]s)$/;

/** Nationality and group adjectives ("Kenyan", "Islamist"): a source naming the place or group supports them. */
export const demonymShape = /(?:an|ian|ese|ist|ists|i)$/;

// Sentence openers that are capitalised only because they come first.
const commonStarters: ReadonlySet<string> = new Set(
  ('officials authorities residents police people experts analysts critics lawmakers workers researchers scientists ' +
    'investigators prosecutors voters leaders protesters rescuers firefighters doctors teachers students talks plans ' +
    'negotiations prices shares markets the a an in on at after before during as by for with under over despite').split(' '),
);
