import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKeyvBackend, type KeyvBackend } from '../../src/store/keyv-backend.ts';

/** A backend under test, with a unique namespace prefix so suites sharing a server never collide. */
export interface BackendCase {
  name: string;
  /** When set, why this backend is skipped (reported as skipped, never passed silently). */
  skip?: string;
  open(): Promise<{ backend: KeyvBackend; prefix: string; cleanup(): Promise<void> }>;
}

export function temporaryDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The embedded store always; Redis and PostgreSQL when TEST_REDIS_URL / TEST_POSTGRES_URL are set. */
export function backendCases(): BackendCase[] {
  const redisUrl = process.env.TEST_REDIS_URL;
  const postgresUrl = process.env.TEST_POSTGRES_URL;
  const unique = () => `t${randomUUID().slice(0, 8)}`;
  return [
    {
      name: 'embedded (sqlite file)',
      open: async () => {
        const tmp = temporaryDir();
        const backend = await openKeyvBackend({ dataDir: tmp.dir });
        return { backend, prefix: unique(), cleanup: async () => { await backend.close(); tmp.remove(); } };
      },
    },
    {
      name: 'redis',
      ...(redisUrl ? {} : { skip: 'TEST_REDIS_URL is not set' }),
      open: async () => {
        const backend = await openKeyvBackend({ storeUrl: redisUrl, dataDir: '' });
        return { backend, prefix: unique(), cleanup: () => backend.close() };
      },
    },
    {
      name: 'postgres',
      ...(postgresUrl ? {} : { skip: 'TEST_POSTGRES_URL is not set' }),
      open: async () => {
        const backend = await openKeyvBackend({ storeUrl: postgresUrl, dataDir: '' });
        return { backend, prefix: unique(), cleanup: () => backend.close() };
      },
    },
  ];
}
