import { bandKeys, decodeSignature, estimateSimilarity } from '../text/minhash.ts';
import type { ArticleMeta } from '../domain/article.ts';
import { urlIdentity } from '../ingest/canonical-url.ts';

export type DuplicateReason = 'url' | 'content' | 'near';

export interface DuplicateMatch {
  id: string;
  reason: DuplicateReason;
  /** Estimated Jaccard similarity of the texts (1 for url and content matches). */
  similarity: number;
}

/**
 * A candidate must share at least this fraction of word 3-grams with a stored article.
 * Follow-up stories that reuse background paragraphs measure 0.6–0.75 on CNN articles;
 * they are new reporting and must not be swallowed, so the bar sits above them.
 */
export const nearDuplicateThreshold = 0.8;
/** Below this many distinct shingles a text is too short to call a near-copy of anything. */
const minimumShingleEvidence = 12;

/**
 * What makes two articles "the same": one URL identity, one content hash, or MinHash
 * signatures close enough (found through LSH bands, then checked). Held in memory,
 * rebuilt from the stored catalogue at start.
 */
export class DuplicateIndex {
  private readonly byUrl = new Map<string, string>();
  private readonly byHash = new Map<string, string>();
  private readonly signatures = new Map<string, Uint32Array>();
  private readonly bands: Array<Map<number, string | string[]>> = [];

  add(meta: Pick<ArticleMeta, 'id' | 'url' | 'contentHash' | 'signature' | 'aliases'>, signature = decodeSignature(meta.signature)): void {
    for (const url of [meta.url, ...(meta.aliases ?? []).map((alias) => alias.url)]) {
      const identity = urlIdentity(url);
      if (identity !== undefined && !this.byUrl.has(identity)) this.byUrl.set(identity, meta.id);
    }
    if (!this.byHash.has(meta.contentHash)) this.byHash.set(meta.contentHash, meta.id);
    this.signatures.set(meta.id, signature);
    bandKeys(signature).forEach((key, band) => {
      const bucket = (this.bands[band] ??= new Map());
      const existing = bucket.get(key);
      if (existing === undefined) bucket.set(key, meta.id);
      else if (typeof existing === 'string') bucket.set(key, [existing, meta.id]);
      else existing.push(meta.id);
    });
  }

  /** Records another URL for an already stored article. */
  addUrl(id: string, url: string | undefined): void {
    const identity = urlIdentity(url);
    if (identity !== undefined && !this.byUrl.has(identity)) this.byUrl.set(identity, id);
  }

  findByUrl(url: string | undefined): string | undefined {
    const identity = urlIdentity(url);
    return identity === undefined ? undefined : this.byUrl.get(identity);
  }

  find(candidate: { url?: string | undefined; contentHash: string; signature: Uint32Array; shingleCount: number }): DuplicateMatch | undefined {
    const byUrl = this.findByUrl(candidate.url);
    if (byUrl !== undefined) return { id: byUrl, reason: 'url', similarity: 1 };
    const byHash = this.byHash.get(candidate.contentHash);
    if (byHash !== undefined) return { id: byHash, reason: 'content', similarity: 1 };
    if (candidate.shingleCount < minimumShingleEvidence) return undefined;
    let best: DuplicateMatch | undefined;
    const seen = new Set<string>();
    bandKeys(candidate.signature).forEach((key, band) => {
      const bucket = this.bands[band]?.get(key);
      if (bucket === undefined) return;
      for (const id of typeof bucket === 'string' ? [bucket] : bucket) {
        if (seen.has(id)) continue;
        seen.add(id);
        const similarity = estimateSimilarity(candidate.signature, this.signatures.get(id)!);
        if (similarity >= nearDuplicateThreshold && (best === undefined || similarity > best.similarity)) {
          best = { id, reason: 'near', similarity };
        }
      }
    });
    return best;
  }
}
