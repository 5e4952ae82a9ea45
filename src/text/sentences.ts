import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// Sentence boundaries only: wink-nlp's full pipeline (POS, NER) costs twice as much.
const nlp = winkNLP(model, ['sbd']);

/** A fragment like `she asked.` after a quoted question belongs to the quote's sentence. */
function startsAsContinuation(sentence: string): boolean {
  return /^[a-z]/.test(sentence) || /^(he|she|they|it|i|we|you)\s+(said|asked|added|told|wrote|says|asks)\b/i.test(sentence);
}

function endsWithQuotedPunctuation(sentence: string): boolean {
  return /[?!,]["”’']$/.test(sentence);
}

/** A double quotation opened and not yet closed: the next piece still belongs to the quote. */
function hasOpenQuote(sentence: string): boolean {
  const straight = sentence.match(/"/g)?.length ?? 0;
  const opening = sentence.match(/“/g)?.length ?? 0;
  const closing = sentence.match(/”/g)?.length ?? 0;
  return straight % 2 === 1 || opening > closing;
}

function closesQuote(sentence: string): boolean {
  return /["”]/.test(sentence);
}

/** Scraped text often loses the space between sentences ("history.\"Furious 7\" is…"); put it back. */
function repairGluedSentences(text: string): string {
  return text.replace(/(\p{Ll}{2}[.!?])(?=["“]?\p{Lu}\p{Ll})/gu, '$1 ');
}

const maxQuoteMerge = 600;

/**
 * Splits text into sentences: paragraphs (blank-line separated) first, then wink-nlp's
 * sentence boundary detection, which knows abbreviations (U.S., Gen., Jan.), initials,
 * decimals and quotes. Sentences never cross paragraphs.
 *
 * @example
 * splitSentences('Gen. Smith met U.S. envoys. Talks ended.') // ['Gen. Smith met U.S. envoys.', 'Talks ended.']
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const trimmed = repairGluedSentences(paragraph.replace(/\s+/g, ' ').trim());
    if (trimmed.length === 0) continue;
    const pieces = nlp.readDoc(trimmed).sentences().out();
    let current: string | undefined;
    for (const raw of pieces) {
      const sentence = raw.trim();
      if (sentence.length === 0) continue;
      if (current !== undefined && endsWithQuotedPunctuation(current) && startsAsContinuation(sentence)) {
        current = `${current} ${sentence}`;
        continue;
      }
      // A quotation of several sentences stays one unit, so no sentence starts or ends mid-quote.
      if (current !== undefined && hasOpenQuote(current) && closesQuote(sentence) && current.length + sentence.length < maxQuoteMerge) {
        current = `${current} ${sentence}`;
        continue;
      }
      if (current !== undefined) out.push(current);
      current = sentence;
    }
    if (current !== undefined) out.push(current);
  }
  return out;
}
