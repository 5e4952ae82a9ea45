/** Per-person budgets for commands, refilled continuously (a token bucket per key). */
export interface RateLimiter {
  /** Takes one unit from `key`'s bucket; when empty, says how many seconds until one is free. */
  take(bucket: string, key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export interface BucketPolicy {
  /** Burst size. */
  capacity: number;
  /** Units restored per minute. */
  perMinute: number;
}

/**
 * An in-memory rate limiter with an injectable clock. Keeps at most `maxKeys` buckets
 * (oldest dropped first), so a flood of distinct users cannot grow memory without bound.
 */
export function createRateLimiter(options: { policies: Readonly<Record<string, BucketPolicy>>; now: () => number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; updated: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    take(bucket, key) {
      const policy = options.policies[bucket];
      if (policy === undefined) return { allowed: true };
      const id = `${bucket}:${key}`;
      const now = options.now();
      const refillPerMs = policy.perMinute / 60_000;
      const state = buckets.get(id) ?? { tokens: policy.capacity, updated: now };
      state.tokens = Math.min(policy.capacity, state.tokens + (now - state.updated) * refillPerMs);
      state.updated = now;
      buckets.delete(id);
      buckets.set(id, state);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (state.tokens >= 1) {
        state.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - state.tokens) / refillPerMs / 1000)) };
    },
  };
}
