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
    const trimmed = paragraph.replace(/\s+/g, ' ').trim();
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
      if (current !== undefined) out.push(current);
      current = sentence;
    }
    if (current !== undefined) out.push(current);
  }
  return out;
}
