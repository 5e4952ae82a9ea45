/**
 * Sentence boundaries from ICU (Unicode UAX #29 via `Intl.Segmenter`, built into Node),
 * then the one thing UAX #29 does not know — abbreviations and initials — repaired here.
 * ICU is about twenty times faster than a tokenising NLP pipeline (wink-nlp took 1.3 ms for
 * a 570-word article, ICU 0.07 ms), which keeps a summary under a millisecond.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations that never end a sentence: titles, ranks, months, "St. Louis". */
const alwaysJoined = new Set(
  (
    'mr mrs ms mx dr prof gen lt col maj capt cpt sgt cpl adm cmdr rev fr sen rep gov pres supt insp det atty hon ' +
    'st mt ft jan feb mar apr jun jul aug sep sept oct nov dec approx dept ave blvd vs v'
  ).split(' '),
);

/** Abbreviations that go before a number ("No. 5", "Vol. 2"); "No." before a word is an answer. */
const beforeNumber = new Set('no nos vol pp fig art sec ch'.split(' '));

/** Abbreviations that may end a sentence ("… in the U.S. The talks …") but usually do not. */
const usuallyJoined = new Set('inc corp co ltd llc jr sr bros etc al e.g i.e a.m p.m u.s u.k u.n u.s.a e.u d.c n.y l.a'.split(' '));

/** Words that typically open a sentence: after an ambiguous abbreviation they mean a new sentence began. */
const sentenceStarters = new Set(
  (
    'the a an he she it they we i you his her its their our this that these those there here but and so yet or nor ' +
    'in on at for from by with after before when while if as since although though however meanwhile still then now ' +
    'officials police authorities critics some many most several both one two three what who why how where'
  ).split(' '),
);

/** The word before a piece's final full stop, lowercased, dots inside kept ("u.s", "gen", "j"). */
function lastWord(piece: string): string | undefined {
  let end = piece.length;
  while (end > 0 && piece.charCodeAt(end - 1) === 32) end -= 1;
  if (end > 0 && '"”’\')]'.includes(piece[end - 1]!)) end -= 1;
  if (end === 0 || piece[end - 1] !== '.') return undefined;
  end -= 1;
  let start = end;
  while (start > 0 && !' ("\'“‘['.includes(piece[start - 1]!)) start -= 1;
  const word = piece.slice(start, end);
  return word.length > 0 && word.length <= 12 && /^(?:\p{L}\.){0,4}\p{L}+$/u.test(word) ? word.toLowerCase() : undefined;
}

function firstWord(piece: string): string {
  return /^["“‘'(]?([\p{L}\p{N}]+)/u.exec(piece)?.[1] ?? '';
}

/** Should `next` continue the sentence `current` that ICU ended? */
function continues(current: string, next: string): boolean {
  const start = firstWord(next);
  // "…the end?" she asked. / "…" — continuing in lowercase, or a number after "No."
  if (/^["“‘']?\p{Ll}/u.test(next)) return /[.?!,]["”’']?\s*$/.test(current) || /[,;:]\s*$/.test(current);
  if (!/\.["”’')\]]?\s*$/.test(current)) return false;
  const word = lastWord(current);
  if (word === undefined) return false;
  if (alwaysJoined.has(word)) return true;
  if (beforeNumber.has(word)) return /^\p{N}/u.test(start);
  // Initials: "J. R. R. Tolkien", "George W. Bush".
  if (/^\p{Lu}$/u.test(word.toUpperCase()) && word.length === 1) return !sentenceStarters.has(start.toLowerCase()) || start.length === 1;
  if (usuallyJoined.has(word) || /^(?:\p{L}\.){1,3}\p{L}$/u.test(word)) return !sentenceStarters.has(start.toLowerCase());
  return false;
}

/** Scraped text often loses the space between sentences ("history.\"Furious 7\" is…"); put it back. */
function repairGluedSentences(text: string): string {
  return text.replace(/(\p{Ll}{2}[.!?])(?=["“]?\p{Lu}\p{Ll})/gu, '$1 ');
}

/** A double quotation opened and not yet closed: the next piece still belongs to the quote. */
function hasOpenQuote(sentence: string): boolean {
  const straight = sentence.match(/"/g)?.length ?? 0;
  const opening = sentence.match(/“/g)?.length ?? 0;
  const closing = sentence.match(/”/g)?.length ?? 0;
  return straight % 2 === 1 || opening > closing;
}

const maxQuoteMerge = 600;

/**
 * Splits text into sentences: paragraphs (blank-line separated) first, then Unicode sentence
 * boundaries, keeping abbreviations (U.S., Gen., Jan.), initials, decimals and quotations
 * (a quoted question with its "she asked", a multi-sentence quote) inside one sentence.
 * Sentences never cross paragraphs.
 *
 * @example
 * splitSentences('Gen. Smith met U.S. envoys. Talks ended.') // ['Gen. Smith met U.S. envoys.', 'Talks ended.']
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const trimmed = repairGluedSentences(paragraph.replace(/\s+/g, ' ').trim());
    if (trimmed.length === 0) continue;
    let current: string | undefined;
    for (const { segment } of segmenter.segment(trimmed)) {
      const piece = segment.trim();
      if (piece.length === 0) continue;
      if (current !== undefined && (continues(current, piece) || (hasOpenQuote(current) && /["”]/.test(piece) && current.length + piece.length < maxQuoteMerge))) {
        current = `${current} ${piece}`;
        continue;
      }
      if (current !== undefined) out.push(current);
      current = piece;
    }
    if (current !== undefined) out.push(current);
  }
  return out;
}
