import { stemmer } from 'stemmer';

/**
 * ROUGE as Google's `rouge-score` package computes it (`RougeScorer(['rouge1','rouge2',
 * 'rougeLsum'], use_stemmer=True)`): lowercase, every run of characters other than a–z and
 * 0–9 is a separator, Porter stemming of tokens longer than 3 characters, F1 of n-gram
 * overlap, and ROUGE-Lsum as the summary-level union LCS over newline-separated sentences.
 */
export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
}

const stemCache = new Map<string, string>();

function stem(token: string): string {
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = stemmer(token);
    if (stemCache.size < 200_000) stemCache.set(token, stemmed);
  }
  return stemmed;
}

/** rouge-score's default tokenizer with `use_stemmer=True`. */
export function rougeTokens(text: string): string[] {
  const tokens = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ');
  const out: string[] = [];
  for (const token of tokens) {
    if (token.length === 0) continue;
    out.push(token.length > 3 ? stem(token) : token);
  }
  return out;
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i += 1) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N F1 between token lists. */
export function rougeN(reference: readonly string[], candidate: readonly string[], n: number): number {
  const ref = ngramCounts(reference, n);
  const can = ngramCounts(candidate, n);
  let overlap = 0;
  for (const [gram, count] of ref) overlap += Math.min(count, can.get(gram) ?? 0);
  const refTotal = Math.max(0, reference.length - n + 1);
  const canTotal = Math.max(0, candidate.length - n + 1);
  return fmeasure(overlap / Math.max(canTotal, 1), overlap / Math.max(refTotal, 1));
}

/** Indices into `ref` of one LCS with `can`, backtracked as rouge-score does. */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const rows = ref.length + 1;
  const cols = can.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      table[i * cols + j] = ref[i - 1] === can[j - 1] ? table[(i - 1) * cols + j - 1]! + 1 : Math.max(table[(i - 1) * cols + j]!, table[i * cols + j - 1]!);
    }
  }
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i -= 1;
      j -= 1;
    } else if (table[i * cols + j - 1]! > table[(i - 1) * cols + j]!) {
      j -= 1;
    } else {
      i -= 1;
    }
  }
  return out.reverse();
}

/** ROUGE-Lsum F1 between sentence lists (each a token list). */
export function rougeLsum(reference: readonly (readonly string[])[], candidate: readonly (readonly string[])[]): number {
  const m = reference.reduce((sum, sentence) => sum + sentence.length, 0);
  const n = candidate.reduce((sum, sentence) => sum + sentence.length, 0);
  if (m === 0 || n === 0) return 0;
  const refCounts = new Map<string, number>();
  const canCounts = new Map<string, number>();
  for (const sentence of reference) for (const token of sentence) refCounts.set(token, (refCounts.get(token) ?? 0) + 1);
  for (const sentence of candidate) for (const token of sentence) canCounts.set(token, (canCounts.get(token) ?? 0) + 1);
  let hits = 0;
  for (const sentence of reference) {
    const union = new Set<number>();
    for (const other of candidate) for (const index of lcsIndices(sentence, other)) union.add(index);
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = sentence[index]!;
      const inCandidate = canCounts.get(token) ?? 0;
      const inReference = refCounts.get(token) ?? 0;
      if (inCandidate > 0 && inReference > 0) {
        hits += 1;
        canCounts.set(token, inCandidate - 1);
        refCounts.set(token, inReference - 1);
      }
    }
  }
  return fmeasure(hits / n, hits / m);
}

/** ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (0–1) of a candidate summary against a reference; sentences separated by `\n`. */
export function rougeScores(reference: string, candidate: string): RougeScores {
  const refTokens = rougeTokens(reference);
  const canTokens = rougeTokens(candidate);
  return {
    rouge1: rougeN(refTokens, canTokens, 1),
    rouge2: rougeN(refTokens, canTokens, 2),
    rougeLsum: rougeLsum(reference.split('\n').map(rougeTokens), candidate.split('\n').map(rougeTokens)),
  };
}

/** Mean of each score, ×100 as papers report them. */
export function meanRouge(scores: readonly RougeScores[]): RougeScores {
  const total = { rouge1: 0, rouge2: 0, rougeLsum: 0 };
  for (const score of scores) {
    total.rouge1 += score.rouge1;
    total.rouge2 += score.rouge2;
    total.rougeLsum += score.rougeLsum;
  }
  const k = 100 / Math.max(scores.length, 1);
  return { rouge1: total.rouge1 * k, rouge2: total.rouge2 * k, rougeLsum: total.rougeLsum * k };
}
