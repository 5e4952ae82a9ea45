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

const defaults = { threshold: 0.2, groupThreshold: 0.15, timeWindowMs: 3 * 24 * 3600_000 };

/** Features of one article from its title and opening sentences. */
export function storyFeatures(title: string, lead: string, time: number): StoryFeatures {
  return { titleTerms: contentTerms(title), leadTerms: contentTerms(lead), entities: entityTerms(`${title} ${lead}`), time };
}

interface Vector {
  terms: Int32Array;
  weights: Float64Array;
}

/** An article's weighted words as integer ids, sorted: title ×2, lead ×1, each name +2.5. */
interface Bag {
  terms: Int32Array;
  counts: Float64Array;
}

type BagOf = (feature: StoryFeatures) => Bag;

/** Turns features into bags with ids from one vocabulary, remembering each article's bag. */
function createBagger(): { bagOf: BagOf; vocabularySize: () => number } {
  const ids = new Map<string, number>();
  const bags = new WeakMap<StoryFeatures, Bag>();
  const idOf = (term: string) => {
    let id = ids.get(term);
    if (id === undefined) {
      id = ids.size;
      ids.set(term, id);
    }
    return id;
  };
  const bagOf = (feature: StoryFeatures): Bag => {
    const known = bags.get(feature);
    if (known) return known;
    const tf = new Map<number, number>();
    const add = (term: string, weight: number) => {
      const id = idOf(term);
      tf.set(id, (tf.get(id) ?? 0) + weight);
    };
    for (const term of feature.titleTerms) add(term, 2);
    for (const term of feature.leadTerms) add(term, 1);
    for (const entity of new Set(feature.entities)) add(`@${entity}`, 2.5);
    const entries = [...tf].sort((x, y) => x[0] - y[0]);
    const bag = { terms: Int32Array.from(entries, (entry) => entry[0]), counts: Float64Array.from(entries, (entry) => entry[1]) };
    bags.set(feature, bag);
    return bag;
  };
  return { bagOf, vocabularySize: () => ids.size };
}

/** TF-IDF vectors (IDF over the set being clustered), L2-normalised. */
function vectorize(bags: readonly Bag[], vocabularySize: number): Vector[] {
  const df = new Float64Array(vocabularySize);
  for (const bag of bags) for (const term of bag.terms) df[term]! += 1;
  const n = bags.length;
  return bags.map((bag) => {
    const weights = new Float64Array(bag.terms.length);
    let norm = 0;
    for (let i = 0; i < bag.terms.length; i += 1) {
      const weight = (1 + Math.log(bag.counts[i]!)) * Math.log(1 + n / df[bag.terms[i]!]!);
      weights[i] = weight;
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < weights.length; j += 1) weights[j]! /= norm;
    return { terms: bag.terms, weights };
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
  return createStoryClusterer(options).cluster(features);
}

/** Groups stories again and again over overlapping sets of articles, remembering each article's words. */
export interface StoryClusterer {
  cluster(features: readonly StoryFeatures[]): number[][];
  /** Computes an article's word ids ahead of time (when it is first seen), so grouping is only arithmetic. */
  prepare(features: StoryFeatures): void;
}

/** A `clusterStories` that remembers each article's words between calls (by features object). */
export function createStoryClusterer(options: ClusterOptions = {}): StoryClusterer {
  const bagger = createBagger();
  return {
    cluster: (features) => group(features, features.map(bagger.bagOf), bagger.vocabularySize(), options),
    prepare: (features) => void bagger.bagOf(features),
  };
}

function group(features: readonly StoryFeatures[], bags: readonly Bag[], vocabularySize: number, options: ClusterOptions): number[][] {
  const { threshold, groupThreshold, timeWindowMs } = { ...defaults, ...options };
  const vectors = vectorize(bags, vocabularySize);
  const n = features.length;
  // Flat postings (term → documents, weights), built by counting sort: no per-posting objects.
  const df = new Int32Array(vocabularySize);
  for (const vector of vectors) for (const term of vector.terms) df[term]! += 1;
  const offsets = new Int32Array(vocabularySize + 1);
  for (let t = 0; t < vocabularySize; t += 1) offsets[t + 1] = offsets[t]! + df[t]!;
  const fill = offsets.slice(0, vocabularySize);
  const postingDocs = new Int32Array(offsets[vocabularySize]!);
  const postingWeights = new Float64Array(offsets[vocabularySize]!);
  vectors.forEach((vector, doc) => {
    for (let i = 0; i < vector.terms.length; i += 1) {
      const at = fill[vector.terms[i]!]!++;
      postingDocs[at] = doc;
      postingWeights[at] = vector.weights[i]!;
    }
  });
  // Candidate pairs come from the rarer words only (a word in most articles links everything to
  // everything); a pair whose rare words already agree gets the full cosine over all its words.
  const commonDf = Math.max(20, Math.ceil(n * 0.05));
  const similarity = new Map<number, number>();
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const edges: Array<{ a: number; b: number; sim: number }> = [];
  const partial = new Float64Array(n);
  const touched: number[] = [];
  vectors.forEach((vector, doc) => {
    for (let i = 0; i < vector.terms.length; i += 1) {
      const term = vector.terms[i]!;
      if (df[term]! > commonDf) continue;
      const weight = vector.weights[i]!;
      for (let at = offsets[term]!; at < offsets[term + 1]!; at += 1) {
        const other = postingDocs[at]!;
        if (other <= doc) continue;
        if (partial[other] === 0) touched.push(other);
        partial[other]! += weight * postingWeights[at]!;
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
  return [...members.values()].map((members) => members.sort((x, y) => x - y));
}
