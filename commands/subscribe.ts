import { buildSubscription } from '../src/subscriptions/validate.ts';
import { timeOfDay, timeZone, topics } from './option-types.ts';
import { message } from './reply.ts';
import { deliveryPlatform, describeSubscription, findSubscription, subscriptionRole } from './subscription-shared.ts';
import type { CommandDefinition } from './types.ts';

/** `/subscribe [time] [timezone] [topics]`: a daily digest in this chat. */
export const subscribe = {
  name: 'subscribe',
  description: 'Get a daily digest in this chat',
  options: [
    { name: 'time', description: 'Local time, HH:MM (default 08:00)', type: timeOfDay, example: '08:00' },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/Kyiv (default UTC)', type: timeZone, example: 'Europe/Kyiv' },
    { name: 'topics', description: 'Only these topics, comma-separated', type: topics, rest: true, autocomplete: 'topics', example: 'ukraine, energy' },
  ],
  permission: subscriptionRole,
  examples: ['/subscribe', '/subscribe 07:30 Europe/Kyiv', '/subscribe 18:00 America/New_York energy, markets'],
  async run({ options, chat, caller }, deps) {
    const platform = deliveryPlatform(chat);
    const existing = await findSubscription(chat, deps);
    const subscription = buildSubscription(
      { platform, chatId: chat.chatId, threadId: chat.threadId, chatTitle: chat.title, chatKind: chat.kind, time: options.time, timezone: options.timezone, topics: options.topics },
      { defaultTimezone: deps.defaultTimezone, now: deps.now(), createdBy: caller.id, existing },
    );
    await deps.subscriptions.put(subscription);
    const verb = existing === undefined ? 'Subscribed' : existing.state === 'active' ? 'Updated' : 'Subscribed again';
    return message([`${verb}.`, ...describeSubscription(subscription), 'Change it with /subscription, pause with /pause, stop with /unsubscribe. Preview with /digest.'], { tone: 'success', private: chat.kind === 'private' });
  },
} satisfies CommandDefinition<{ time?: string; timezone?: string; topics?: string[] }>;
