import { createHash } from 'node:crypto';
import { cleanUrl, urlIdentity } from '../ingest/canonical-url.ts';
import type { KeyvBackend } from '../store/keyv-backend.ts';
import { serializedRecords } from '../store/serialized-records.ts';

/** A feed newsbrief polls, with what the last polls learned about it. */
export interface FeedSource {
  id: string;
  /** The feed URL polled (after feed discovery, if the page was given). */
  url: string;
  title?: string | undefined;
  paused: boolean;
  /** Failures in a row; 0 after a success. */
  failures: number;
  lastError?: string | undefined;
  lastErrorAt?: string | undefined;
  lastSuccessAt?: string | undefined;
  lastCheckedAt?: string | undefined;
  /** Validators for conditional requests. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** While backing off after failures: not polled before this time. */
  nextAttemptAt?: string | undefined;
  /** Articles stored from this feed so far. */
  itemCount: number;
  addedBy?: string | undefined;
  addedAt: string;
}

/** The id of the feed at this URL: the same feed linked two ways gets the same id. */
export function sourceIdFor(url: string): string {
  return createHash('sha256').update(urlIdentity(url) ?? url).digest('hex').slice(0, 8);
}

/**
 * Feed sources, stored durably in the "sources" namespace. Reads go to the store each
 * time, so a source added from the CLI is polled by a running bot at its next tick.
 */
export interface SourceStore {
  get(id: string): Promise<FeedSource | undefined>;
  /** By id, unique id prefix (4+ characters) or URL (in any of its spellings). */
  find(idOrUrl: string): Promise<FeedSource | undefined>;
  /** Oldest first. */
  list(): Promise<FeedSource[]>;
  put(source: FeedSource): Promise<void>;
  /** Applies a change to the stored source; undefined when it is gone (removed meanwhile). */
  update(id: string, change: (current: FeedSource) => FeedSource): Promise<FeedSource | undefined>;
  remove(id: string): Promise<boolean>;
}

export function createSourceStore(deps: { backend: KeyvBackend }): SourceStore {
  const kv = deps.backend.namespace<FeedSource>('sources');
  const records = serializedRecords(kv);
  const list = async (): Promise<FeedSource[]> => {
    const out: FeedSource[] = [];
    for await (const [, value] of kv.iterator!(undefined)) out.push(value as FeedSource);
    return out.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
  };
  return {
    get: (id) => kv.get(id),
    async find(idOrUrl) {
      const wanted = idOrUrl.trim();
      if (/^[0-9a-f]{8}$/i.test(wanted)) {
        const exact = await kv.get(wanted.toLowerCase());
        if (exact) return exact;
      }
      const all = await list();
      if (cleanUrl(wanted) !== undefined) {
        const identity = urlIdentity(wanted);
        return all.find((source) => urlIdentity(source.url) === identity);
      }
      if (/^[0-9a-f]{4,8}$/i.test(wanted)) {
        const matches = all.filter((source) => source.id.startsWith(wanted.toLowerCase()));
        return matches.length === 1 ? matches[0] : undefined;
      }
      return undefined;
    },
    list,
    put: records.put,
    update: records.update,
    remove: records.remove,
  };
}
