import { createHash } from 'node:crypto';
import type { DeliveryPlatform, Subscription } from '../domain/subscription.ts';
import type { KeyvBackend } from '../store/keyv-backend.ts';
import { serializedRecords } from '../store/serialized-records.ts';

/** Identifies a subscription by where it delivers: one per chat (and thread). */
export function subscriptionId(platform: DeliveryPlatform, chatId: string, threadId?: string): string {
  return createHash('sha256').update(`${platform}\u0000${chatId}\u0000${threadId ?? ''}`).digest('hex').slice(0, 10);
}

export interface SubscriptionFilter {
  platform?: DeliveryPlatform | undefined;
  chatId?: string | undefined;
  state?: Subscription['state'] | undefined;
}

/**
 * Subscriptions, stored durably. Reads always go to the store, so a CLI change is seen by
 * a running bot at its next scheduler tick.
 */
export interface SubscriptionStore {
  get(id: string): Promise<Subscription | undefined>;
  /** Creates or replaces the subscription with this id. */
  put(subscription: Subscription): Promise<void>;
  putMany(subscriptions: readonly Subscription[]): Promise<void>;
  /** Applies a change to a stored subscription; returns the result, or undefined if there is none. */
  update(id: string, change: (current: Subscription) => Subscription): Promise<Subscription | undefined>;
  remove(id: string): Promise<boolean>;
  list(filter?: SubscriptionFilter): Promise<Subscription[]>;
}

export function createSubscriptionStore(deps: { backend: KeyvBackend }): SubscriptionStore {
  const kv = deps.backend.namespace<Subscription>('subscriptions');
  const records = serializedRecords(kv);
  return {
    get: (id) => kv.get(id),
    put: records.put,
    putMany: (subscriptions) =>
      records.exclusive(async () => {
        for (let i = 0; i < subscriptions.length; i += 500) {
          await kv.setMany(subscriptions.slice(i, i + 500).map((subscription) => ({ key: subscription.id, value: subscription })));
        }
      }),
    update: records.update,
    remove: records.remove,
    list: async (filter = {}) => {
      const out: Subscription[] = [];
      for await (const [, value] of kv.iterator!(undefined)) {
        const subscription = value as Subscription;
        if (filter.platform !== undefined && subscription.platform !== filter.platform) continue;
        if (filter.chatId !== undefined && subscription.chatId !== filter.chatId) continue;
        if (filter.state !== undefined && subscription.state !== filter.state) continue;
        out.push(subscription);
      }
      return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
  };
}
