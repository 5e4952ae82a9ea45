import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * The embedded database file shared by every namespace's adapter. Built on Node's own
 * `node:sqlite`, so installing needs no native compile (the official `@keyv/sqlite`
 * compiles `sqlite3` from source for about two minutes on every clean install).
 */
export class SqliteFile {
  readonly db: DatabaseSync;
  readonly statements: {
    get: StatementSync;
    set: StatementSync;
    delete: StatementSync;
    clear: StatementSync;
    page: StatementSync;
  };

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    // WAL keeps readers (a running bot) and a writer (a CLI ingest) out of each other's way;
    // NORMAL sync in WAL mode loses no committed data on a process crash.
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS keyv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER);
    `);
    this.statements = {
      get: this.db.prepare('SELECT key, value, expires FROM keyv WHERE key = ?'),
      set: this.db.prepare('INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires'),
      delete: this.db.prepare('DELETE FROM keyv WHERE key = ?'),
      clear: this.db.prepare("DELETE FROM keyv WHERE key >= ? AND key < ?"),
      page: this.db.prepare('SELECT key, value, expires FROM keyv WHERE key > ? AND key < ? ORDER BY key LIMIT ?'),
    };
  }

  /** Runs `work` in one transaction: a batch lands whole or not at all. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

interface Row {
  key: string;
  value: string;
  expires: number | null;
}

/** `[prefix, prefix + U+FFFF)`: every key that starts with `prefix`, for range scans on the primary key. */
function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

/**
 * A keyv storage adapter over one `SqliteFile`. Keyv prefixes keys with the namespace
 * itself and writes `namespace` onto its adapter, so each namespace gets its own adapter
 * over the shared file.
 */
export class SqliteKeyvAdapter extends EventEmitter {
  readonly opts: { dialect: 'sqlite'; url: string };
  namespace?: string | undefined;
  private readonly file: SqliteFile;
  private readonly now: () => number;

  constructor(file: SqliteFile, options: { url?: string; now?: () => number } = {}) {
    super();
    this.file = file;
    this.opts = { dialect: 'sqlite', url: options.url ?? 'sqlite://' };
    this.now = options.now ?? Date.now;
  }

  private live(row: Row | undefined): string | undefined {
    if (row === undefined) return undefined;
    if (row.expires !== null && row.expires <= this.now()) {
      this.file.statements.delete.run(row.key);
      return undefined;
    }
    return row.value;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(this.file.statements.get.get(key) as Row | undefined);
  }

  async getMany(keys: string[]): Promise<Array<string | undefined>> {
    return keys.map((key) => this.live(this.file.statements.get.get(key) as Row | undefined));
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async set(key: string, value: string, ttl?: number): Promise<boolean> {
    const expires = typeof ttl === 'number' && ttl > 0 ? this.now() + ttl : null;
    this.file.statements.set.run(key, value, expires);
    return true;
  }

  async setMany(entries: Array<{ key: string; value: string; ttl?: number }>): Promise<void> {
    const now = this.now();
    // (An earlier "Cannot destructure property 'key'" here, blamed on the JIT, was lexrank's
    // Sugar 1.3 replacing Array.prototype.map in the benchmark process: see bench/prototype-guard.ts.)
    this.file.transaction(() => {
      for (let index = 0; index < entries.length; index++) {
        const entry = entries[index]!;
        this.file.statements.set.run(entry.key, entry.value, typeof entry.ttl === 'number' && entry.ttl > 0 ? now + entry.ttl : null);
      }
    });
  }

  async delete(key: string): Promise<boolean> {
    return Number(this.file.statements.delete.run(key).changes) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    let deleted = 0;
    this.file.transaction(() => {
      for (const key of keys) deleted += Number(this.file.statements.delete.run(key).changes);
    });
    return deleted > 0;
  }

  async clear(): Promise<void> {
    if (this.namespace === undefined) {
      this.file.db.exec('DELETE FROM keyv');
      return;
    }
    const [from, to] = prefixRange(`${this.namespace}:`);
    this.file.statements.clear.run(from, to);
  }

  /** Pages through one namespace in key order by keyset, so a full scan stays linear. */
  async *iterator(namespace?: string): AsyncGenerator<[string, string], void> {
    const [from, to] = prefixRange(namespace ? `${namespace}:` : '');
    let after = from;
    for (;;) {
      const rows = this.file.statements.page.all(after, to, 1000) as unknown as Row[];
      for (const row of rows) {
        const value = this.live(row);
        if (value !== undefined) yield [row.key, value];
      }
      if (rows.length < 1000) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  async disconnect(): Promise<void> {
    // The shared file is closed by its owner (the store backend), once.
  }
}
