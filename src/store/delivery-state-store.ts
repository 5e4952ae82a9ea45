import type { BreakingUpdate } from '../domain/breaking.ts';
import type { KeyvBackend } from './keyv-backend.ts';

/** The last digest slot the scheduler handled for a subscription: queued, or skipped after downtime. */
export interface HandledSlot {
  slot: number;
  outcome: 'queued' | 'skipped';
}

/** Who sent a breaking update, when, and to which subscriptions it was queued. */
export interface BreakingAudit {
  update: BreakingUpdate;
  queuedAt: string;
  subscriptionIds: string[];
}

/** Scheduler and breaking-update bookkeeping, kept apart from subscriptions so /subscribe never drops it. */
export interface DeliveryStateStore {
  handledSlots(subscriptionIds: readonly string[]): Promise<Map<string, HandledSlot>>;
  setHandledSlot(subscriptionId: string, slot: HandledSlot): Promise<void>;
  setHandledSlots(entries: ReadonlyArray<readonly [string, HandledSlot]>): Promise<void>;
  breakingAudit(updateId: string): Promise<BreakingAudit | undefined>;
  putBreakingAudit(audit: BreakingAudit): Promise<void>;
  /** Audits queued at or after `since` (ms). */
  breakingAuditsSince(since: number): Promise<BreakingAudit[]>;
}

export function createDeliveryStateStore(deps: { backend: KeyvBackend; prefix?: string }): DeliveryStateStore {
  const prefix = deps.prefix ?? '';
  const slots = deps.backend.namespace<HandledSlot>(`${prefix}digest-slots`);
  const audits = deps.backend.namespace<BreakingAudit>(`${prefix}breaking-updates`);
  return {
    handledSlots: async (ids) => {
      const out = new Map<string, HandledSlot>();
      for (let i = 0; i < ids.length; i += 500) {
        const batch = ids.slice(i, i + 500);
        const values = await slots.getMany([...batch]);
        batch.forEach((id, index) => {
          const value = values[index];
          if (value) out.set(id, value);
        });
      }
      return out;
    },
    setHandledSlot: async (id, slot) => void (await slots.set(id, slot)),
    setHandledSlots: async (entries) => {
      for (let i = 0; i < entries.length; i += 500) await slots.setMany(entries.slice(i, i + 500).map(([key, value]) => ({ key, value })));
    },
    breakingAudit: async (id) => (await audits.get(id)) ?? undefined,
    putBreakingAudit: async (audit) => void (await audits.set(audit.update.id, audit)),
    breakingAuditsSince: async (since) => {
      const out: BreakingAudit[] = [];
      for await (const [, value] of audits.iterator!(undefined)) {
        const audit = value as BreakingAudit;
        if (Date.parse(audit.queuedAt) >= since) out.push(audit);
      }
      return out;
    },
  };
}
