import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvRedis, { createClient } from '@keyv/redis';
import KeyvPostgres from '@keyv/postgres';
import pg from 'pg';
import { UserError, errorMessage } from '../errors.ts';
import { SqliteFile, SqliteKeyvAdapter } from './sqlite-keyv-adapter.ts';

export type BackendKind = 'sqlite' | 'redis' | 'postgres' | 'memory';

/**
 * Where everything durable lives: one keyv instance per namespace ("articles", "sources", …)
 * over the configured backend. Keys are short (ids, hashes): PostgreSQL's keyv table caps them at 255.
 */
export interface KeyvBackend {
  readonly kind: BackendKind;
  /** Where the data is, for people: a file path or the server URL without credentials. */
  readonly location: string;
  namespace<Value = unknown>(name: string): Keyv<Value>;
  close(): Promise<void>;
}

export type BackendOptions =
  | { storeUrl?: string | undefined; dataDir: string }
  | { memory: true };

/** Hides the password in a connection URL, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function keyvFor<Value>(store: object, namespace: string, useKeyPrefix: boolean): Keyv<Value> {
  const keyv = new Keyv<Value>({ store, namespace, useKeyPrefix, throwOnErrors: true });
  // Failures reject the operation (throwOnErrors); the listener keeps keyv from emitting into the void.
  keyv.on('error', () => {});
  return keyv;
}

async function openSqlite(path: string): Promise<KeyvBackend> {
  let file: SqliteFile;
  try {
    file = new SqliteFile(path);
  } catch (error) {
    throw new UserError('store_unavailable', `Cannot open the embedded store at ${path}: ${errorMessage(error)}. Check DATA_DIR points to a writable folder.`, { cause: error });
  }
  return {
    kind: path === ':memory:' ? 'memory' : 'sqlite',
    location: path,
    namespace: (name) => keyvFor(new SqliteKeyvAdapter(file, { url: `sqlite://${path}` }), name, true),
    close: async () => file.close(),
  };
}

async function openRedis(url: string): Promise<KeyvBackend> {
  const client = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => (retries > 20 ? false : Math.min(retries * 200, 2000)) } });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new UserError('store_unavailable', `STORE_URL: cannot reach Redis at ${describeUrl(url)} (${errorMessage(error)}). Start Redis, fix STORE_URL, or unset it to use the embedded store.`, { cause: error });
  }
  return {
    kind: 'redis',
    location: describeUrl(url),
    // @keyv/redis prefixes keys itself ("namespace::key"), so keyv must not prefix them again.
    namespace: (name) => keyvFor(new KeyvRedis(client as never, { namespace: name, throwOnErrors: true }), name, false),
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<KeyvBackend> {
  // @keyv/postgres reports connection failures as a later, opaque TypeError; check first to say what is wrong.
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (error) {
    throw new UserError('store_unavailable', `STORE_URL: cannot reach PostgreSQL at ${describeUrl(url)} (${errorMessage(error)}). Start PostgreSQL, fix STORE_URL, or unset it to use the embedded store.`, { cause: error });
  } finally {
    await probe.end().catch(() => {});
  }
  const adapters: KeyvPostgres[] = [];
  return {
    kind: 'postgres',
    location: describeUrl(url),
    namespace: (name) => {
      const adapter = new KeyvPostgres({ uri: url, iterationLimit: 1000 });
      adapters.push(adapter);
      return keyvFor(adapter, name, true);
    },
    // All adapters share one pool per URL; ending it once closes them all.
    close: async () => {
      await adapters[0]?.disconnect();
    },
  };
}

/**
 * Opens the configured backend: PostgreSQL or Redis from `STORE_URL`, else the
 * embedded SQLite file `DATA_DIR/newsbrief.sqlite`; `{ memory: true }` for tests.
 */
export async function openKeyvBackend(options: BackendOptions): Promise<KeyvBackend> {
  if ('memory' in options) return openSqlite(':memory:');
  const url = options.storeUrl;
  if (url === undefined) return openSqlite(join(options.dataDir, 'newsbrief.sqlite'));
  if (/^rediss?:\/\//.test(url)) return openRedis(url);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new UserError('bad_store_url', `STORE_URL must start with redis://, rediss://, postgres:// or postgresql:// (got ${describeUrl(url)}).`);
}
