export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe call is let through. */
  cooldownMs?: number;
  now?: () => number;
}

/**
 * Stops calling a failing server: after `failureThreshold` consecutive failures the
 * circuit opens and `tryAcquire` refuses for `cooldownMs`; then exactly one probe is
 * allowed (half-open) — its success closes the circuit, its failure opens it again.
 *
 * @example
 * if (!breaker.tryAcquire()) return local();
 * try { const out = await call(); breaker.success(); return out; } catch (e) { breaker.failure(); throw e; }
 */
export interface CircuitBreaker {
  state(): CircuitState;
  /** True when a call may go ahead now (in half-open state, only for the single probe). */
  tryAcquire(): boolean;
  success(): void;
  failure(): void;
  /** A call that was let through ended without a verdict (cancelled): frees the probe slot. */
  release(): void;
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.failureThreshold ?? 3;
  const cooldownMs = options.cooldownMs ?? 60_000;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | undefined;
  let probing = false;

  const state = (): CircuitState => {
    if (openedAt === undefined) return 'closed';
    return now() - openedAt >= cooldownMs ? 'half_open' : 'open';
  };

  return {
    state,
    tryAcquire() {
      const current = state();
      if (current === 'closed') return true;
      if (current === 'open' || probing) return false;
      probing = true;
      return true;
    },
    success() {
      failures = 0;
      openedAt = undefined;
      probing = false;
    },
    failure() {
      failures += 1;
      if (probing || failures >= threshold) openedAt = now();
      probing = false;
    },
    release() {
      probing = false;
    },
  };
}
