import type { Subscription } from '../../src/domain/subscription.ts';
import type { Logger } from '../../src/log.ts';
import { subscriptionId, type SubscriptionStore } from '../../src/subscriptions/subscription-store.ts';

/**
 * A group became a supergroup (new chat id): its digests follow it, settings intact.
 * Telegram announces this once, as a service message in the old group.
 */
export async function moveChatSubscriptions(store: SubscriptionStore, fromChatId: string, toChatId: string, now: Date, logger: Logger): Promise<number> {
  const moved = await store.list({ platform: 'telegram', chatId: fromChatId });
  for (const old of moved) {
    const next: Subscription = { ...old, id: subscriptionId('telegram', toChatId, old.threadId), chatId: toChatId, updatedAt: now.toISOString() };
    await store.put(next);
    await store.remove(old.id);
  }
  if (moved.length > 0) logger.info({ platform: 'telegram', chatId: fromChatId, newChatId: toChatId, count: moved.length }, 'subscriptions moved to the migrated chat');
  return moved.length;
}

/** The bot was removed or blocked: stop delivering there, keeping every setting for a later /subscribe. */
export async function deactivateChatSubscriptions(store: SubscriptionStore, chatId: string, reason: string, now: Date, logger: Logger): Promise<number> {
  const active = (await store.list({ platform: 'telegram', chatId })).filter((subscription) => subscription.state !== 'deactivated');
  for (const subscription of active) {
    await store.update(subscription.id, (current) => ({ ...current, state: 'deactivated', stateReason: reason, updatedAt: now.toISOString() }));
  }
  if (active.length > 0) logger.info({ platform: 'telegram', chatId, reason, count: active.length }, 'subscriptions deactivated');
  return active.length;
}
