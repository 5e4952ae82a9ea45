import { contentTerms, entityTerms } from './terms.ts';

/** What clustering needs of an article: its headline, its opening, its names and its time. */
export interface StoryFeatures {
  /** Stemmed content words of the title (counted twice: headlines name the story). */
  titleTerms: readonly string[];
  /** Stemmed content words of the first sentences. */
  leadTerms: readonly string[];
  /** Capitalised names in title and lead, lowercase. */
  entities: readonly string[];
  /** Publication time, ms since epoch. */
  time: number;
}

export interface ClusterOptions {
  /** Two articles this similar (0–1) may be the same story. */
  threshold?: number;
  /** Two groups merge only if their articles are this similar on average. */
  groupThreshold?: number;
  /** Reports further apart than this are rarely the same story; similarity fades beyond it. */
  timeWindowMs?: number;
}

const defaults = { threshold: 0.18, groupThreshold: 0.14, timeWindowMs: 3 * 24 * 3600_000 };

/** Features of one article from its title and opening sentences. */
export function storyFeatures(title: string, lead: string, time: number): StoryFeatures {
  return { titleTerms: contentTerms(title), leadTerms: contentTerms(lead), entities: entityTerms(`${title} ${lead}`), time };
}

interface Vector {
  terms: Int32Array;
  weights: Float64Array;
}

/** TF-IDF vectors (IDF over the set being clustered) of title ×2 + lead, with names weighted up, L2-normalised. */
function vectorize(features: readonly StoryFeatures[]): Vector[] {
  const ids = new Map<string, number>();
  const idOf = (term: string) => {
    let id = ids.get(term);
    if (id === undefined) {
      id = ids.size;
      ids.set(term, id);
    }
    return id;
  };
  const counts = features.map((feature) => {
    const tf = new Map<number, number>();
    const add = (term: string, weight: number) => {
      const id = idOf(term);
      tf.set(id, (tf.get(id) ?? 0) + weight);
    };
    for (const term of feature.titleTerms) add(term, 2);
    for (const term of feature.leadTerms) add(term, 1);
    for (const entity of new Set(feature.entities)) add(`@${entity}`, 1.5);
    return tf;
  });
  const df = new Float64Array(ids.size);
  for (const tf of counts) for (const id of tf.keys()) df[id]! += 1;
  const n = features.length;
  return counts.map((tf) => {
    const terms = new Int32Array(tf.size);
    const weights = new Float64Array(tf.size);
    let norm = 0;
    let i = 0;
    for (const [id, count] of [...tf].sort((x, y) => x[0] - y[0])) {
      const weight = (1 + Math.log(count)) * Math.log(1 + n / df[id]!);
      terms[i] = id;
      weights[i] = weight;
      norm += weight * weight;
      i += 1;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < weights.length; j += 1) weights[j]! /= norm;
    return { terms, weights };
  });
}

/** Dot product of two sparse vectors whose terms are sorted ascending. */
function dot(a: Vector, b: Vector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const x = a.terms[i]!;
    const y = b.terms[j]!;
    if (x === y) {
      sum += a.weights[i]! * b.weights[j]!;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return sum;
}

function timeFactor(a: number, b: number, window: number): number {
  const gap = Math.abs(a - b);
  return gap <= window ? 1 : Math.exp(-(gap - window) / window);
}

/**
 * Groups articles that report the same story, across outlets and wordings: cosine of TF-IDF
 * vectors (headline, lead and names) fading with the time between them, edges above
 * `threshold`, merged strongest first while the two groups stay similar on average (so a
 * chain of loosely related articles never becomes one story). Returns groups of indices;
 * every index appears in exactly one group.
 */
export function clusterStories(features: readonly StoryFeatures[], options: ClusterOptions = {}): number[][] {
  const { threshold, groupThreshold, timeWindowMs } = { ...defaults, ...options };
  const vectors = vectorize(features);
  const n = features.length;
  // Candidate pairs come from the rarer words only (a word in most articles links everything to
  // everything); a pair whose rare words already agree gets the full cosine over all its words.
  const commonDf = Math.max(20, Math.ceil(n * 0.05));
  const postings = new Map<number, Array<{ doc: number; weight: number }>>();
  vectors.forEach((vector, doc) => {
    for (let i = 0; i < vector.terms.length; i += 1) {
      const term = vector.terms[i]!;
      let list = postings.get(term);
      if (list === undefined) postings.set(term, (list = []));
      list.push({ doc, weight: vector.weights[i]! });
    }
  });
  const similarity = new Map<number, number>();
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const edges: Array<{ a: number; b: number; sim: number }> = [];
  const partial = new Float64Array(n);
  const touched: number[] = [];
  vectors.forEach((vector, doc) => {
    for (let i = 0; i < vector.terms.length; i += 1) {
      const list = postings.get(vector.terms[i]!)!;
      if (list.length > commonDf) continue;
      const weight = vector.weights[i]!;
      for (const posting of list) {
        if (posting.doc <= doc) continue;
        if (partial[posting.doc] === 0) touched.push(posting.doc);
        partial[posting.doc]! += weight * posting.weight;
      }
    }
    const time = features[doc]!.time;
    for (const other of touched) {
      const rare = partial[other]!;
      partial[other] = 0;
      if (rare < groupThreshold / 2) continue;
      const sim = dot(vector, vectors[other]!) * timeFactor(time, features[other]!.time, timeWindowMs);
      if (sim < groupThreshold) continue;
      similarity.set(key(doc, other), sim);
      if (sim >= threshold) edges.push({ a: doc, b: other, sim });
    }
    touched.length = 0;
  });
  edges.sort((x, y) => y.sim - x.sim);
  const groupOf = features.map((_, i) => i);
  const members = new Map<number, number[]>(features.map((_, i) => [i, [i]]));
  for (const { a, b } of edges) {
    const ga = groupOf[a]!;
    const gb = groupOf[b]!;
    if (ga === gb) continue;
    const left = members.get(ga)!;
    const right = members.get(gb)!;
    let total = 0;
    for (const x of left) for (const y of right) total += similarity.get(key(x, y)) ?? 0;
    if (total / (left.length * right.length) < groupThreshold) continue;
    for (const y of right) groupOf[y] = ga;
    left.push(...right);
    members.delete(gb);
  }
  return [...members.values()].map((group) => group.sort((x, y) => x - y));
}
