import type { BreakingUpdate } from '../domain/breaking.ts';
import type { Logger } from '../log.ts';
import type { DeliveryStateStore } from '../store/delivery-state-store.ts';
import { outboxRecordId, type OutboxRecord, type OutboxStore } from '../store/outbox-store.ts';
import type { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import { chatOf } from './digest-jobs.ts';
import type { Notifier } from './notifier.ts';

export interface BreakingDeps {
  subscriptions: SubscriptionStore;
  outbox: OutboxStore;
  state: DeliveryStateStore;
  notifiers: ReadonlyMap<string, Notifier>;
  logger: Logger;
  now: () => Date;
  enqueue(records: OutboxRecord[]): void;
}

/**
 * Queues a breaking update for every active subscription with breaking updates on, ahead of
 * digests (priority 0). The audit record is written last; outbox keys are per update, so a
 * retried publish after a crash queues nothing twice, and a published update is never resent.
 */
export async function publishBreaking(deps: BreakingDeps, update: BreakingUpdate): Promise<{ queued: number; alreadySent: boolean }> {
  if ((await deps.state.breakingAudit(update.id)) !== undefined) return { queued: 0, alreadySent: true };
  const targets = (await deps.subscriptions.list({ state: 'active' })).filter((subscription) => subscription.breaking && deps.notifiers.has(subscription.platform));
  const createdAt = deps.now().toISOString();
  const records: OutboxRecord[] = [];
  for (const subscription of targets) {
    const chat = chatOf(subscription);
    const parts = deps.notifiers.get(subscription.platform)!.render({ kind: 'breaking', update }, chat);
    parts.forEach((part, index) => {
      const key = `breaking:${update.id}:${subscription.id}:${index}`;
      records.push({
        id: outboxRecordId(key), key, kind: 'breaking', contentId: update.id, subscriptionId: subscription.id, chat, part: index, parts: parts.length,
        payload: part.payload, priority: 0, state: 'pending', attempts: 0, createdAt, updatedAt: createdAt,
        articleIds: update.articleId ? [update.articleId] : undefined, urls: update.url ? [update.url] : undefined,
      });
    });
  }
  const added = await deps.outbox.add(records);
  await deps.state.putBreakingAudit({ update, queuedAt: createdAt, subscriptionIds: targets.map((subscription) => subscription.id) });
  deps.enqueue(added);
  deps.logger.info({ updateId: update.id, requestedBy: update.requestedBy, chats: targets.length, messages: added.length }, 'breaking update queued');
  return { queued: targets.length, alreadySent: false };
}
