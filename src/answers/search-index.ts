import { terms as termsOf } from './tokens.ts';

/** What the index needs of an article. */
export interface IndexInput {
  id: string;
  title: string;
  text: string;
  source: string;
  /** ms since epoch: publication time, else ingestion time. */
  time: number;
}

/** One query term; `prefix` terms match every indexed word starting with them. */
export interface QueryTerm {
  term: string;
  prefix?: boolean | undefined;
  /** Multiplies the term's weight (answers weigh names above common words). */
  weight?: number | undefined;
}

export interface IndexQuery {
  terms: readonly QueryTerm[];
  /** `all`: every term must match (prefix terms: any expansion). `any`: ranked OR. */
  mode: 'all' | 'any';
  since?: number | undefined;
  until?: number | undefined;
  /** Outlet name, case-insensitive. */
  source?: string | undefined;
  /** How many ranked hits to return (from the top). */
  limit: number;
  /** Rank newest first among matches instead of by relevance. */
  sort?: 'relevance' | 'recent' | undefined;
}

export interface IndexHit {
  id: string;
  score: number;
  time: number;
}

const k1 = 1.2;
const bodyB = 0.75;
const titleB = 0.5;
/** A title word counts this much more than a body word. */
const titleBoost = 2;
/** Postings pack (document number, term frequency) into one uint32: 24 bits + 8 bits. */
const tfBits = 8;
const tfMax = (1 << tfBits) - 1;
const maxDocs = 2 ** (32 - tfBits);

class Postings {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 4) {
    this.data = new Uint32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(Math.max(8, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

class Growable<T extends Float64Array | Uint32Array> {
  data: T;
  private readonly make: (size: number) => T;
  constructor(make: (size: number) => T) {
    this.make = make;
    this.data = make(1024);
  }
  set(index: number, value: number): void {
    if (index >= this.data.length) {
      const grown = this.make(Math.max(index + 1, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[index] = value;
  }
}

/** The serialisable state of an index (see `index-snapshot.ts`). */
export interface IndexState {
  ids: string[];
  sources: string[];
  times: Float64Array;
  sourceOf: Uint32Array;
  bodyLength: Uint32Array;
  titleLength: Uint32Array;
  terms: string[];
  body: Array<Uint32Array | undefined>;
  title: Array<Uint32Array | undefined>;
}

/**
 * An inverted index with BM25 ranking over title and body (title weighted up), kept in
 * typed arrays so 100,000 articles fit in a few hundred MB and a query touches only the
 * postings of its terms. Documents are only ever added (the store never deletes).
 */
export class SearchIndex {
  private readonly ids: string[] = [];
  private readonly docOf = new Map<string, number>();
  private readonly sources: string[] = [];
  private readonly sourceIds = new Map<string, number>();
  private readonly times = new Growable((n) => new Float64Array(n));
  private readonly sourceOf = new Growable((n) => new Uint32Array(n));
  private readonly bodyLength = new Growable((n) => new Uint32Array(n));
  private readonly titleLength = new Growable((n) => new Uint32Array(n));
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly body: Array<Postings | undefined> = [];
  private readonly title: Array<Postings | undefined> = [];
  private bodyTotal = 0;
  private titleTotal = 0;
  private sortedTerms: string[] | undefined;
  private scores = new Float64Array(0);
  private matched = new Uint16Array(0);
  private lastTerm = new Uint16Array(0);
  private counts = new Uint32Array(1024);

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.docOf.has(id);
  }

  /** Adds a document; a known id is ignored (the store never changes a text in place). */
  add(input: IndexInput): void {
    if (this.docOf.has(input.id)) return;
    const doc = this.ids.length;
    if (doc >= maxDocs) throw new Error(`The search index holds at most ${maxDocs} documents.`);
    this.ids.push(input.id);
    this.docOf.set(input.id, doc);
    const sourceKey = input.source.toLowerCase();
    let sourceId = this.sourceIds.get(sourceKey);
    if (sourceId === undefined) {
      sourceId = this.sources.length;
      this.sources.push(sourceKey);
      this.sourceIds.set(sourceKey, sourceId);
    }
    this.sourceOf.set(doc, sourceId);
    this.times.set(doc, input.time);
    const bodyTerms = termsOf(input.text);
    const titleTerms = termsOf(input.title);
    this.bodyLength.set(doc, bodyTerms.length);
    this.titleLength.set(doc, titleTerms.length);
    this.bodyTotal += bodyTerms.length;
    this.titleTotal += titleTerms.length;
    this.post(this.body, bodyTerms, doc);
    this.post(this.title, titleTerms, doc);
  }

  private post(field: Array<Postings | undefined>, words: readonly string[], doc: number): void {
    // Counts per term id in a reused array: no per-document map of strings.
    if (this.counts.length < this.terms.length + words.length) {
      const grown = new Uint32Array(Math.max(1024, (this.terms.length + words.length) * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    const counts = this.counts;
    const seen: number[] = [];
    for (const word of words) {
      let termId = this.termIds.get(word);
      if (termId === undefined) {
        termId = this.terms.length;
        this.terms.push(word);
        this.termIds.set(word, termId);
        this.sortedTerms = undefined;
      }
      if (counts[termId] === 0) seen.push(termId);
      counts[termId]! += 1;
    }
    for (const termId of seen) {
      const count = counts[termId]!;
      counts[termId] = 0;
      let postings = field[termId];
      if (postings === undefined) field[termId] = postings = new Postings(count > 1 ? 4 : 2);
      postings.push(doc * (tfMax + 1) + Math.min(count, tfMax));
    }
  }

  /** Documents containing the term in title or body (an upper bound: a document may count twice). */
  documentFrequency(term: string): number {
    const termId = this.termIds.get(term);
    if (termId === undefined) return 0;
    return Math.max(this.body[termId]?.length ?? 0, this.title[termId]?.length ?? 0);
  }

  /** Inverse document frequency, the BM25 way; unknown terms weigh the most. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Indexed words starting with `prefix`, most frequent first, at most `limit`. */
  expand(prefix: string, limit = 50): string[] {
    this.sortedTerms ??= [...this.terms].sort();
    const sorted = this.sortedTerms;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    const found: string[] = [];
    for (let i = low; i < sorted.length && sorted[i]!.startsWith(prefix); i += 1) found.push(sorted[i]!);
    return found.sort((a, b) => this.documentFrequency(b) - this.documentFrequency(a)).slice(0, limit);
  }

  search(query: IndexQuery): { total: number; hits: IndexHit[] } {
    const n = this.size;
    if (n === 0 || query.terms.length === 0) return { total: 0, hits: [] };
    if (this.scores.length < n) {
      this.scores = new Float64Array(Math.max(n, this.scores.length * 2));
      this.matched = new Uint16Array(this.scores.length);
      this.lastTerm = new Uint16Array(this.scores.length);
    }
    const lastTerm = this.lastTerm;
    const scores = this.scores;
    const matched = this.matched;
    const touched: number[] = [];
    const times = this.times.data;
    const sourceOf = this.sourceOf.data;
    const wantedSource = query.source === undefined ? undefined : this.sourceIds.get(query.source.toLowerCase()) ?? -1;
    if (wantedSource === -1) return { total: 0, hits: [] };
    const avgBody = this.bodyTotal / n || 1;
    const avgTitle = this.titleTotal / n || 1;
    const bodyLength = this.bodyLength.data;
    const titleLength = this.titleLength.data;
    const required = Math.min(query.terms.length, 65535);
    query.terms.forEach((queryTerm, index) => {
      const words = queryTerm.prefix ? this.expand(queryTerm.term) : [queryTerm.term];
      const bit = index + 1;
      for (const word of words) {
        const termId = this.termIds.get(word);
        if (termId === undefined) continue;
        // An expansion weighs like the word itself, a little less than an exact term.
        const weight = (queryTerm.weight ?? 1) * this.idf(word) * (queryTerm.prefix && word !== queryTerm.term ? 0.8 : 1);
        const fields: Array<[Postings | undefined, number, Uint32Array, number]> = [
          [this.body[termId], 1, bodyLength, avgBody],
          [this.title[termId], titleBoost, titleLength, avgTitle],
        ];
        for (const [postings, boost, lengths, average] of fields) {
          if (postings === undefined) continue;
          const b = boost === 1 ? bodyB : titleB;
          const data = postings.data;
          for (let i = 0; i < postings.length; i += 1) {
            const packed = data[i]!;
            const doc = Math.floor(packed / (tfMax + 1));
            const tf = packed & tfMax;
            if (wantedSource !== undefined && sourceOf[doc] !== wantedSource) continue;
            const time = times[doc]!;
            if ((query.since !== undefined && time < query.since) || (query.until !== undefined && time > query.until)) continue;
            if (lastTerm[doc] === 0) touched.push(doc);
            // Counts distinct query terms per document (title, body and expansions of one term count once).
            if (lastTerm[doc] !== bit) {
              lastTerm[doc] = bit;
              matched[doc]! += 1;
            }
            const norm = tf + k1 * (1 - b + (b * lengths[doc]!) / average);
            scores[doc]! += boost * weight * ((tf * (k1 + 1)) / norm);
          }
        }
      }
    });
    const limit = Math.max(0, query.limit);
    const top: IndexHit[] = [];
    let total = 0;
    const better = (a: IndexHit, b: IndexHit) =>
      query.sort === 'recent' ? a.time > b.time || (a.time === b.time && a.score > b.score) : a.score > b.score + 1e-9 || (Math.abs(a.score - b.score) <= 1e-9 && a.time > b.time);
    for (const doc of touched) {
      const ok = query.mode === 'any' || matched[doc] === required;
      const score = scores[doc]!;
      scores[doc] = 0;
      matched[doc] = 0;
      lastTerm[doc] = 0;
      if (!ok) continue;
      total += 1;
      if (limit === 0) continue;
      const hit = { id: this.ids[doc]!, score, time: times[doc]! };
      if (top.length < limit) {
        top.push(hit);
        if (top.length === limit) top.sort((a, b) => (better(a, b) ? -1 : 1));
      } else if (better(hit, top[limit - 1]!)) {
        let at = limit - 1;
        while (at > 0 && better(hit, top[at - 1]!)) {
          top[at] = top[at - 1]!;
          at -= 1;
        }
        top[at] = hit;
      }
    }
    if (top.length < limit) top.sort((a, b) => (better(a, b) ? -1 : 1));
    return { total, hits: top };
  }

  exportState(): IndexState {
    const freeze = (field: Array<Postings | undefined>) => this.terms.map((_, termId) => field[termId]?.data.subarray(0, field[termId]!.length));
    const n = this.size;
    return {
      ids: this.ids,
      sources: this.sources,
      times: this.times.data.subarray(0, n),
      sourceOf: this.sourceOf.data.subarray(0, n),
      bodyLength: this.bodyLength.data.subarray(0, n),
      titleLength: this.titleLength.data.subarray(0, n),
      terms: this.terms,
      body: freeze(this.body),
      title: freeze(this.title),
    };
  }

  static fromState(state: IndexState): SearchIndex {
    const index = new SearchIndex();
    state.ids.forEach((id, doc) => {
      index.ids.push(id);
      index.docOf.set(id, doc);
      index.times.set(doc, state.times[doc]!);
      index.sourceOf.set(doc, state.sourceOf[doc]!);
      index.bodyLength.set(doc, state.bodyLength[doc]!);
      index.titleLength.set(doc, state.titleLength[doc]!);
      index.bodyTotal += state.bodyLength[doc]!;
      index.titleTotal += state.titleLength[doc]!;
    });
    state.sources.forEach((source, id) => {
      index.sources.push(source);
      index.sourceIds.set(source, id);
    });
    const thaw = (data: Uint32Array | undefined) => {
      if (data === undefined || data.length === 0) return undefined;
      const postings = new Postings(0);
      postings.data = data;
      postings.length = data.length;
      return postings;
    };
    state.terms.forEach((term, termId) => {
      index.terms.push(term);
      index.termIds.set(term, termId);
      index.body[termId] = thaw(state.body[termId]);
      index.title[termId] = thaw(state.title[termId]);
    });
    return index;
  }
}
