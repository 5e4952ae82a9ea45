import { message } from './reply.ts';
import { requireSubscription, subscriptionRole } from './subscription-shared.ts';
import type { CommandDefinition } from './types.ts';

/** `/unsubscribe`: stop the digest, keeping its settings for a later /subscribe. */
export const unsubscribe = {
  name: 'unsubscribe',
  description: "Stop this chat's daily digest (settings are kept)",
  options: [],
  permission: subscriptionRole,
  examples: ['/unsubscribe'],
  async run({ chat, caller }, deps) {
    const current = await requireSubscription(chat, deps);
    await deps.subscriptions.update(current.id, (subscription) => ({
      ...subscription,
      state: 'deactivated',
      stateReason: `unsubscribed by ${caller.name ?? caller.id}`,
      updatedAt: deps.now().toISOString(),
    }));
    return message(['Unsubscribed: no more daily digests here.', 'Your settings are kept; /subscribe starts the digest again with them.'], { tone: 'success' });
  },
} satisfies CommandDefinition<Record<string, never>>;
