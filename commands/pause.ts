import { UserError } from '../src/errors.ts';
import { message } from './reply.ts';
import { requireSubscription, subscriptionRole } from './subscription-shared.ts';
import type { CommandDefinition } from './types.ts';

/** `/pause`: hold the digest without changing anything else. */
export const pause = {
  name: 'pause',
  description: "Pause this chat's daily digest",
  options: [],
  permission: subscriptionRole,
  examples: ['/pause'],
  async run({ chat, caller }, deps) {
    const current = await requireSubscription(chat, deps);
    if (current.state === 'deactivated') throw new UserError('not_active', 'The digest is stopped, not running; /subscribe starts it again.');
    if (current.state === 'paused') return message('The digest is already paused. /resume restarts it.');
    await deps.subscriptions.update(current.id, (subscription) => ({ ...subscription, state: 'paused', stateReason: `paused by ${caller.name ?? caller.id}`, updatedAt: deps.now().toISOString() }));
    return message('Paused. Nothing is sent until /resume; all settings are kept.', { tone: 'success' });
  },
} satisfies CommandDefinition<Record<string, never>>;

/** `/resume`: restart a paused digest. */
export const resume = {
  name: 'resume',
  description: "Resume this chat's paused daily digest",
  options: [],
  permission: subscriptionRole,
  examples: ['/resume'],
  async run({ chat }, deps) {
    const current = await requireSubscription(chat, deps);
    if (current.state === 'active') return message('The digest is already running.');
    await deps.subscriptions.update(current.id, (subscription) => ({ ...subscription, state: 'active', stateReason: undefined, updatedAt: deps.now().toISOString() }));
    return message(`Resumed. The next digest arrives at ${current.time} (${current.timezone}).`, { tone: 'success' });
  },
} satisfies CommandDefinition<Record<string, never>>;
