import { UserError } from '../src/errors.ts';
import type { DeliveryPlatform, Subscription } from '../src/domain/subscription.ts';
import { subscriptionId } from '../src/subscriptions/subscription-store.ts';
import type { CommandDeps } from './deps.ts';
import type { ChatContext, Role } from './types.ts';

/** Anyone manages their private chat's digest; in groups and channels, moderators do. */
export function subscriptionRole(chat: ChatContext): Role {
  return chat.kind === 'private' ? 'member' : 'moderator';
}

/** The platform a chat's digest is delivered on; the console has none. */
export function deliveryPlatform(chat: ChatContext): DeliveryPlatform {
  if (chat.platform === 'console') {
    throw new UserError('not_here', 'Daily digests are delivered to Telegram and Discord chats. In the console, /digest shows what one would contain.');
  }
  return chat.platform;
}

export async function findSubscription(chat: ChatContext, deps: CommandDeps): Promise<Subscription | undefined> {
  return deps.subscriptions.get(subscriptionId(deliveryPlatform(chat), chat.chatId, chat.threadId));
}

export async function requireSubscription(chat: ChatContext, deps: CommandDeps): Promise<Subscription> {
  const found = await findSubscription(chat, deps);
  if (found === undefined) throw new UserError('not_subscribed', 'This chat has no daily digest. Start one with /subscribe (e.g. /subscribe 08:00 Europe/Kyiv).');
  return found;
}

const dayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function describeDays(days: readonly number[]): string {
  if (days.length === 7) return 'every day';
  if (days.join(',') === '1,2,3,4,5') return 'weekdays';
  if (days.join(',') === '6,7') return 'weekends';
  return days.map((day) => dayNames[day]).join(', ');
}

/** The settings as people read them. */
export function describeSubscription(subscription: Subscription): string[] {
  const state =
    subscription.state === 'active' ? 'active' : subscription.state === 'paused' ? 'paused (resume with /resume)' : `stopped${subscription.stateReason ? `: ${subscription.stateReason}` : ''} (restart with /subscribe)`;
  return [
    `Daily digest at ${subscription.time} (${subscription.timezone}), ${describeDays(subscription.days)}.`,
    `Topics: ${subscription.topics.length > 0 ? subscription.topics.join(', ') : 'all news'}. Up to ${subscription.maxItems} stories. Breaking updates: ${subscription.breaking ? 'on' : 'off'}.`,
    `Status: ${state}.`,
  ];
}
