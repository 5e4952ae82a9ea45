import { createHash } from 'node:crypto';
import type { ChatRef } from '../domain/chat.ts';
import type { KeyvBackend } from './keyv-backend.ts';

export type OutboxState = 'pending' | 'sent' | 'failed' | 'cancelled' | 'moved';

/**
 * One message to deliver: one part of one digest or breaking update for one chat. It is
 * written, rendered payload included, before the first attempt, so a restart sends exactly
 * what was rendered and knows what was already sent.
 */
export interface OutboxRecord {
  /** Short hash of `key`: the store key. */
  id: string;
  /** Idempotency key: `kind:contentId:subscriptionId:part`. Adding a record with a known key is a no-op. */
  key: string;
  kind: 'digest' | 'breaking';
  /** The digest slot or the breaking update id. */
  contentId: string;
  subscriptionId: string;
  chat: ChatRef;
  part: number;
  parts: number;
  payload: Record<string, unknown>;
  /** Lower goes first: breaking updates (0) before digests (1). */
  priority: number;
  state: OutboxState;
  attempts: number;
  /** Earliest time of the next attempt (ms since epoch), after a retryable failure. */
  notBefore?: number | undefined;
  createdAt: string;
  updatedAt: string;
  sentAt?: string | undefined;
  messageId?: string | undefined;
  lastError?: string | undefined;
  /** Article ids and URLs a breaking update was about, so digests can mark those stories. */
  articleIds?: string[] | undefined;
  urls?: string[] | undefined;
}

export function outboxRecordId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/** Durable delivery records. Implemented on the keyv backend; one process writes a record at a time. */
export interface OutboxStore {
  /** Stores records whose key is new; returns those it stored (known keys are left untouched). */
  add(records: readonly OutboxRecord[]): Promise<OutboxRecord[]>;
  get(id: string): Promise<OutboxRecord | undefined>;
  /** Replaces a stored record (state changes, attempts). */
  put(record: OutboxRecord): Promise<void>;
  list(filter?: { state?: OutboxState | undefined; kind?: OutboxRecord['kind'] | undefined }): Promise<OutboxRecord[]>;
  counts(): Promise<Record<OutboxState, number>>;
  /** Deletes finished records (anything but pending) last updated before `cutoff` (ms); returns how many. */
  removeFinishedBefore(cutoff: number): Promise<number>;
}

export function createOutboxStore(deps: { backend: KeyvBackend; namespace?: string }): OutboxStore {
  const kv = deps.backend.namespace<OutboxRecord>(deps.namespace ?? 'outbox');
  const all = async function* (): AsyncGenerator<OutboxRecord> {
    for await (const [, value] of kv.iterator!(undefined)) yield value as OutboxRecord;
  };
  const order = (a: OutboxRecord, b: OutboxRecord) =>
    a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.contentId.localeCompare(b.contentId) || a.subscriptionId.localeCompare(b.subscriptionId) || a.part - b.part;
  return {
    add: async (records) => {
      const added: OutboxRecord[] = [];
      for (let i = 0; i < records.length; i += 200) {
        const batch = records.slice(i, i + 200);
        const existing = await kv.getMany(batch.map((record) => record.id));
        const fresh = batch.filter((_record, index) => existing[index] === undefined || existing[index] === null);
        if (fresh.length > 0) await kv.setMany(fresh.map((record) => ({ key: record.id, value: record })));
        added.push(...fresh);
      }
      return added;
    },
    get: async (id) => (await kv.get(id)) ?? undefined,
    put: async (record) => void (await kv.set(record.id, record)),
    list: async (filter = {}) => {
      const out: OutboxRecord[] = [];
      for await (const record of all()) {
        if (filter.state !== undefined && record.state !== filter.state) continue;
        if (filter.kind !== undefined && record.kind !== filter.kind) continue;
        out.push(record);
      }
      return out.sort(order);
    },
    counts: async () => {
      const counts: Record<OutboxState, number> = { pending: 0, sent: 0, failed: 0, cancelled: 0, moved: 0 };
      for await (const record of all()) counts[record.state] += 1;
      return counts;
    },
    removeFinishedBefore: async (cutoff) => {
      const stale: string[] = [];
      for await (const record of all()) {
        if (record.state !== 'pending' && Date.parse(record.updatedAt) < cutoff) stale.push(record.id);
      }
      for (let i = 0; i < stale.length; i += 500) await kv.deleteMany(stale.slice(i, i + 500));
      return stale.length;
    },
  };
}
