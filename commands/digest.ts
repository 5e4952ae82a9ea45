import { briefingReply } from './present.ts';
import { findSubscription } from './subscription-shared.ts';
import type { CommandDefinition } from './types.ts';

const dayMs = 24 * 3600_000;

/** `/digest`: preview this chat's digest now, with its topics and size (or the defaults). */
export const digest = {
  name: 'digest',
  description: "Preview this chat's daily digest now",
  options: [],
  permission: 'member',
  examples: ['/digest'],
  slow: true,
  async run({ chat }, deps) {
    const subscription = chat.platform === 'console' ? undefined : await findSubscription(chat, deps);
    const now = deps.now().getTime();
    const since = subscription?.lastDigestAt ? Math.max(Date.parse(subscription.lastDigestAt), now - 7 * dayMs) : now - dayMs;
    const briefing = await deps.briefings.brief({
      topics: subscription?.topics.length ? subscription.topics : undefined,
      since,
      until: now,
      maxItems: subscription?.maxItems ?? 5,
    });
    const reply = briefingReply({ ...briefing, title: `Digest preview: ${briefing.title}` });
    const setting = subscription
      ? `This is what the ${subscription.time} (${subscription.timezone}) digest would contain now.`
      : 'This chat has no subscription; this preview uses the defaults. /subscribe sets one up.';
    return { ...reply, note: [reply.note, setting].filter(Boolean).join(' ') };
  },
} satisfies CommandDefinition<Record<string, never>>;
