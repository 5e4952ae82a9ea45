import { prepareDocument, type DocSentence, type PreparedDocument } from './document.ts';

export interface SummarizeOptions {
  /** How many sentences (default 3). Ignored when `chars` is given. */
  sentences?: number | undefined;
  /** A character budget instead of a count: as many sentences as fit (at least one). */
  chars?: number | undefined;
  /** The headline: its words mark what the article is about. */
  title?: string | undefined;
}

/** Weights of the sentence scorer; fixed defaults, exposed for the evaluation's sweeps. */
export interface SummaryTuning {
  /** How fast importance falls with position: score × 1 / (1 + rank)^positionDecay. */
  positionDecay: number;
  /** Extra weight (a multiple) of a word that is in the title / in the first sentence. */
  titleBoost: number;
  leadBoost: number;
  /** Longer sentences cover more but cost more: coverage / words^lengthExponent. */
  lengthExponent: number;
  /** Share of a word's weight still earned when an earlier pick already covers it. */
  repeatCredit: number;
  /** A candidate this similar (cosine of terms) to a pick is a repetition, never chosen. */
  maxSimilarity: number;
  /** Factor for a sentence that opens with a quotation (news summaries report, rarely quote). */
  quotePenalty: number;
  /** Word weight grows with the number of sentences using it as count^frequencyPower. */
  frequencyPower: number;
  /** Least share of a candidate's word weight that earlier picks must not already cover (0 = no rule). */
  minNovelty: number;
}

/** Chosen on CNN/DailyMail dev (ROUGE), checked on RoSE; a few smooth knobs, not a fitted model. */
export const defaultTuning: SummaryTuning = {
  positionDecay: 0.8,
  titleBoost: 3,
  leadBoost: 0.5,
  lengthExponent: 0.7,
  repeatCredit: 0.5,
  maxSimilarity: 0.6,
  quotePenalty: 0.5,
  frequencyPower: 2,
  minNovelty: 0,
};

function termCounts(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** How much each word says about the article: how many sentences use it (superlinear: the story's subject recurs), more if the title or lead does. */
function termWeights(doc: PreparedDocument, tuning: SummaryTuning): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const sentence of doc.sentences) for (const term of new Set(sentence.terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const weights = new Map<string, number>();
  const title = new Set(doc.titleTerms);
  const lead = new Set(doc.sentences[0]?.terms ?? []);
  for (const [term, count] of frequency) {
    weights.set(term, Math.pow(count, tuning.frequencyPower) * (1 + (title.has(term) ? tuning.titleBoost : 0) + (lead.has(term) ? tuning.leadBoost : 0)));
  }
  return weights;
}

export interface Budget {
  count: number;
  chars?: number | undefined;
}

/** What the greedy picker needs of a sentence. */
export interface Candidate {
  text: string;
  /** Position among its article's content sentences. */
  rank: number;
  terms: string[];
}

/**
 * Picks sentences greedily: each step takes the sentence that adds the most not-yet-covered
 * weight for its length, weighted toward the lead, skipping near-repeats. Returned in the
 * order picked.
 */
export function pickSentences<C extends Candidate>(candidates: readonly C[], weights: ReadonlyMap<string, number>, budget: Budget, tuning: SummaryTuning = defaultTuning): C[] {
  // Per-sentence term counts and norms once, not per comparison.
  const profiles = candidates.map((sentence) => {
    const counts = termCounts(sentence.terms);
    let norm = 0;
    for (const count of counts.values()) norm += count * count;
    return { counts, norm: Math.sqrt(norm) };
  });
  const similarity = (a: number, b: number) => {
    const pa = profiles[a]!;
    const pb = profiles[b]!;
    if (pa.norm === 0 || pb.norm === 0) return 0;
    let dot = 0;
    for (const [term, count] of pa.counts) dot += count * (pb.counts.get(term) ?? 0);
    return dot / (pa.norm * pb.norm);
  };
  const covered = new Set<string>();
  const chosen: number[] = [];
  const used = new Set<number>();
  let chars = 0;
  const limit = budget.chars === undefined ? budget.count : candidates.length;
  while (chosen.length < limit) {
    let best = -1;
    let bestScore = 0;
    candidates.forEach((sentence, i) => {
      if (used.has(i)) return;
      if (budget.chars !== undefined && chosen.length > 0 && chars + 1 + sentence.text.length > budget.chars) return;
      if (chosen.some((pick) => similarity(pick, i) > tuning.maxSimilarity)) return;
      let gain = 0;
      let total = 0;
      let fresh = 0;
      for (const term of profiles[i]!.counts.keys()) {
        const weight = weights.get(term) ?? 0;
        total += weight;
        if (covered.has(term)) gain += weight * tuning.repeatCredit;
        else {
          gain += weight;
          fresh += weight;
        }
      }
      if (chosen.length > 0 && total > 0 && fresh / total < tuning.minNovelty) return;
      const position = Math.pow(1 + sentence.rank, -tuning.positionDecay);
      const quote = /^["“‘']/.test(sentence.text) ? tuning.quotePenalty : 1;
      const score = (gain / Math.pow(Math.max(sentence.terms.length, 1), tuning.lengthExponent)) * position * quote;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    if (best < 0) break;
    const pick = candidates[best]!;
    chosen.push(best);
    used.add(best);
    chars += (chosen.length > 1 ? 1 : 0) + pick.text.length;
    for (const term of pick.terms) covered.add(term);
  }
  return chosen.map((i) => candidates[i]!);
}

/** Past this many sentences the lead bias leaves a sentence no chance; it still counts toward word weights. */
const maxCandidates = 60;

/** The best sentences of one prepared article, in article order. */
export function selectSentences(doc: PreparedDocument, budget: Budget, tuning: SummaryTuning = defaultTuning): DocSentence[] {
  if (doc.sentences.length === 0) return [];
  return pickSentences(doc.sentences.slice(0, maxCandidates), termWeights(doc, tuning), budget, tuning).sort((a, b) => a.rank - b.rank);
}

/**
 * An extractive summary of one article: whole sentences from the text, in their original
 * order, chosen for coverage with a lead bias and without repetition.
 *
 * @example
 * summarizeText(article.text, { sentences: 2, title: article.title }) // ['First chosen sentence.', 'Second.']
 */
export function summarizeText(text: string, options: SummarizeOptions = {}, tuning: SummaryTuning = defaultTuning): string[] {
  const doc = prepareDocument(text, options.title);
  const count = Math.max(1, Math.floor(options.sentences ?? 3));
  const chosen = selectSentences(doc, { count, chars: options.chars }, tuning);
  if (options.chars !== undefined && chosen.length === 1 && chosen[0]!.text.length > options.chars) {
    return [truncate(chosen[0]!.text, options.chars)];
  }
  return chosen.map((sentence) => sentence.text);
}

/** Cuts at a word boundary and marks the cut, for a budget smaller than any sentence. */
function truncate(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const cut = text.slice(0, Math.max(1, chars - 1)).replace(/\s+\S*$/, '');
  return `${cut}…`;
}
