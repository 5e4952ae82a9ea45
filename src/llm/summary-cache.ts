import { createHash } from 'node:crypto';
import type { CacheKv } from './ports.ts';
import { promptVersion } from './prompts.ts';

/** Checked sentences the LLM wrote for some articles, or a note that too few passed. */
export interface CachedSummary {
  sentences: Array<{ text: string; articleIds: string[] }>;
  /** True when the LLM's sentences failed the source check: use the local summary. */
  fallback: boolean;
  dropped: number;
  model: string;
}

const keepMs = 30 * 24 * 3600_000;
// A rejected summary is retried later (a new model or prompt may do better), but not on every request.
const keepFallbackMs = 6 * 3600_000;

/**
 * Summaries keyed by model, prompt version and the articles' content hashes, so the same
 * text is summarised once and reused for every chat and command. Concurrent requests for
 * the same key share one LLM call.
 */
export function createSummaryCache(kv: CacheKv<CachedSummary>) {
  const inFlight = new Map<string, Promise<CachedSummary>>();
  return {
    key(model: string, kind: string, contentHashes: readonly string[], size: number): string {
      const basis = [promptVersion, model, kind, String(size), ...[...contentHashes].sort()].join('\n');
      return `${kind}:${createHash('sha256').update(basis).digest('hex').slice(0, 40)}`;
    },
    async getOrCreate(key: string, create: () => Promise<CachedSummary>): Promise<CachedSummary> {
      const cached = await kv.get(key);
      if (cached) return cached;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const run = (async () => {
        const value = await create();
        await kv.set(key, value, value.fallback ? keepFallbackMs : keepMs);
        return value;
      })();
      inFlight.set(key, run);
      try {
        return await run;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

export type SummaryCache = ReturnType<typeof createSummaryCache>;
