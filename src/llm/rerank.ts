import type { GroundingSource } from './grounding.ts';
import type { GuardedLlm } from './guarded-llm.ts';

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Hybrid retrieval: orders the lexically chosen sources by a blend of their lexical rank
 * and embedding similarity to the question, then renumbers them. On any embedding
 * failure the lexical order stands (the caller catches).
 */
export function createEmbeddingRerank(llm: GuardedLlm, keep = 4) {
  return async (question: string, sources: GroundingSource[]): Promise<GroundingSource[]> => {
    if (!llm.embed || sources.length < 2) return sources.slice(0, keep);
    const [query, ...vectors] = await llm.embed('ask', [question, ...sources.map((source) => `${source.title}\n${source.text}`)]);
    if (!query || vectors.length !== sources.length) return sources.slice(0, keep);
    const scored = sources.map((source, index) => ({ source, score: 0.5 * (1 - index / sources.length) + 0.5 * cosine(query, vectors[index] ?? []) }));
    return scored.sort((a, b) => b.score - a.score).slice(0, keep).map((item, index) => ({ ...item.source, n: index + 1 }));
  };
}
