import { splitSentences } from '../text/sentences.ts';
import { isDebris, stripDateline } from './debris.ts';
import { contentTerms } from './terms.ts';

/** One sentence of an article, ready for scoring. */
export interface DocSentence {
  /** The sentence as a reader sees it (a leading dateline removed). */
  text: string;
  /** Position among the article's sentences, debris included (0 = first). */
  position: number;
  /** Position among the article's content sentences (debris skipped). */
  rank: number;
  words: number;
  /** Stemmed content words. */
  terms: string[];
}

/** An article split into content sentences, with furniture and fragments left out. */
export interface PreparedDocument {
  sentences: DocSentence[];
  titleTerms: string[];
  /** How many sentences the text had before debris was dropped. */
  totalSentences: number;
}

/**
 * Only the opening of a very long text is split: summaries draw on the lead, and the first
 * ten thousand characters say what the story is about as well as all of it.
 */
export const maxPreparedChars = 10_000;

/** Sentences shorter than this are fragments ("Scroll down.", captions) unless the text has nothing better. */
export const minSentenceWords = 5;

/**
 * Splits an article into the sentences a summary may quote: datelines stripped, debris
 * (bylines, credits, navigation, time stamps) and fragments dropped, duplicates (a caption
 * repeating a sentence) removed.
 */
export function prepareDocument(text: string, title?: string): PreparedDocument {
  const raw = splitSentences(text.length > maxPreparedChars ? text.slice(0, text.lastIndexOf(' ', maxPreparedChars)) : text);
  const candidates: Array<Omit<DocSentence, 'rank'>> = [];
  const seen = new Set<string>();
  raw.forEach((sentence, position) => {
    const shown = position < 3 ? stripDateline(sentence) : sentence;
    if (isDebris(shown)) return;
    const terms = contentTerms(shown);
    if (terms.length === 0) return;
    const key = terms.join(' ');
    if (seen.has(key)) return;
    seen.add(key);
    // Sentences are single-spaced here, so spaces count words closely enough for the fragment test.
    candidates.push({ text: shown, position, words: shown.split(' ').length, terms });
  });
  const full = candidates.filter((sentence) => sentence.words >= minSentenceWords);
  const kept = full.length > 0 ? full : candidates;
  return {
    sentences: kept.map((sentence, rank) => ({ ...sentence, rank })),
    titleTerms: title ? contentTerms(title) : [],
    totalSentences: raw.length,
  };
}
