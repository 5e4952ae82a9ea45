import type { DocSentence, PreparedDocument } from './document.ts';
import { defaultTuning, pickSentences, type Budget, type SummaryTuning } from './summarize.ts';

/** A sentence of a multi-article summary and the article (index into the input) it came from. */
export interface StorySentence extends DocSentence {
  article: number;
}

/** Several outlets repeat the same facts in other words, so repetition is judged more strictly than within one article. */
export const storyTuning: SummaryTuning = { ...defaultTuning, maxSimilarity: 0.4, lengthExponent: 0.5 };

/** Extra weight of a word by the share of the story's articles that use it: what every outlet reports is the story. */
const crossArticleBoost = 1;

/**
 * Weights for a story told by several articles: how often the story uses a word
 * (superlinear, as for one article), times how many of its articles use it, plus the
 * headline boost from every title.
 */
function storyWeights(docs: readonly PreparedDocument[], tuning: SummaryTuning): Map<string, number> {
  const frequency = new Map<string, number>();
  const articles = new Map<string, number>();
  const title = new Set<string>();
  for (const doc of docs) {
    const inDoc = new Set<string>();
    for (const sentence of doc.sentences) {
      for (const term of new Set(sentence.terms)) {
        frequency.set(term, (frequency.get(term) ?? 0) + 1);
        inDoc.add(term);
      }
    }
    for (const term of inDoc) articles.set(term, (articles.get(term) ?? 0) + 1);
    for (const term of doc.titleTerms) title.add(term);
  }
  const weights = new Map<string, number>();
  const spread = Math.max(1, docs.length - 1);
  for (const [term, count] of frequency) {
    const share = ((articles.get(term) ?? 1) - 1) / spread;
    weights.set(term, Math.pow(count, tuning.frequencyPower) * (1 + crossArticleBoost * share) * (1 + (title.has(term) ? tuning.titleBoost : 0)));
  }
  return weights;
}

/**
 * An extractive summary of one story told by several articles: sentences from any of them,
 * leads preferred, what several outlets agree on preferred, no repetition across outlets.
 * Each sentence keeps the index of its article, so it can be cited. Ordered by position in
 * its article, then by article.
 */
export function summarizeStory(docs: readonly PreparedDocument[], budget: Budget, tuning: SummaryTuning = storyTuning): StorySentence[] {
  const candidates: StorySentence[] = [];
  docs.forEach((doc, article) => {
    for (const sentence of doc.sentences) candidates.push({ ...sentence, article });
  });
  if (candidates.length === 0) return [];
  const chosen = pickSentences(candidates, storyWeights(docs, tuning), budget, tuning);
  return chosen.sort((a, b) => a.rank - b.rank || a.article - b.article);
}
