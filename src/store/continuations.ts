import { randomBytes } from 'node:crypto';
import type { KeyvBackend } from './keyv-backend.ts';

/**
 * Short-lived values behind chat buttons, addressed by a short random token (Telegram
 * callback data is at most 64 bytes, so the state itself cannot ride in the button).
 */
export function createContinuationStore(deps: { backend: KeyvBackend; defaultTtlMs?: number }) {
  const kv = deps.backend.namespace<unknown>('continuations');
  const defaultTtl = deps.defaultTtlMs ?? 24 * 3600_000;
  return {
    async put(value: unknown, ttlMs = defaultTtl): Promise<string> {
      const token = randomBytes(6).toString('base64url');
      await kv.set(token, value, ttlMs);
      return token;
    },
    async get<Value>(token: string): Promise<Value | undefined> {
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(token)) return undefined;
      return (await kv.get(token)) as Value | undefined;
    },
    async delete(token: string): Promise<void> {
      await kv.delete(token);
    },
  };
}
