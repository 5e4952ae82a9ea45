import type { ChatRef } from '../../src/domain/chat.ts';
import type { Briefing } from '../../src/domain/briefing.ts';
import type { Subscription } from '../../src/domain/subscription.ts';
import type { DeliveryContent, Notifier, RenderedPart } from '../../src/delivery/notifier.ts';
import { subscriptionId } from '../../src/subscriptions/subscription-store.ts';

export interface SentMessage {
  chat: ChatRef;
  text: string;
  at: number;
}

/** A notifier that records what it sends; `fail` decides, per call, to throw one of the port's errors. */
export interface FakeNotifier extends Notifier {
  sent: SentMessage[];
  calls: SentMessage[];
  fail?: ((chat: ChatRef, text: string, call: number) => Error | undefined) | undefined;
  /** When set, every send waits for it (to hold deliveries at a known point). */
  gate?: Promise<void> | undefined;
  /** Simulated latency of one send (ms). */
  latencyMs: number;
}

/** Renders a digest as one part per two stories (so digests have several parts) and a breaking update as one. */
export function fakeNotifier(platform: 'telegram' | 'discord'): FakeNotifier {
  const notifier: FakeNotifier = {
    platform,
    sent: [],
    calls: [],
    latencyMs: 0,
    render(content: DeliveryContent, chat: ChatRef): RenderedPart[] {
      if (content.kind === 'breaking') return [{ payload: { text: `BREAKING ${content.update.text}`, to: chat.chatId } }];
      const items = content.briefing.items;
      if (items.length === 0) return [{ payload: { text: `${content.briefing.title}: nothing new` } }];
      const parts: RenderedPart[] = [];
      for (let i = 0; i < items.length; i += 2) {
        const text = items.slice(i, i + 2).map((item) => `${item.sentAsBreaking ? '(already sent) ' : ''}${item.headline}${item.sentences.length > 0 ? `: ${item.sentences.map((s) => s.text).join(' ')}` : ''}`).join('\n');
        parts.push({ payload: { text: `${content.briefing.title} [${i / 2 + 1}] ${text}` } });
      }
      return parts;
    },
    async send(chat: ChatRef, part: RenderedPart) {
      const text = String(part.payload.text);
      const call = notifier.calls.length;
      notifier.calls.push({ chat, text, at: Date.now() });
      if (notifier.gate) await notifier.gate;
      if (notifier.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, notifier.latencyMs));
      const error = notifier.fail?.(chat, text, call);
      if (error) throw error;
      notifier.sent.push({ chat, text, at: Date.now() });
      return { messageId: String(notifier.sent.length) };
    },
  };
  return notifier;
}

export function makeBriefing(count: number, overrides: Partial<Briefing> = {}): Briefing {
  const items = Array.from({ length: count }, (_, i) => ({
    headline: `Story ${i + 1}`,
    sentences: [{ text: `Sentence of story ${i + 1}.`, citations: [i + 1] }],
    citations: [i + 1],
    articleIds: [`a${i + 1}`],
    sources: ['Outlet'],
  }));
  const citations = items.map((_, i) => ({ n: i + 1, articleId: `a${i + 1}`, title: `Story ${i + 1}`, source: 'Outlet', url: `https://news.example/${i + 1}` }));
  return { title: 'Digest', generatedAt: '2026-11-25T08:00:00.000Z', items, citations, articleCount: count, ...overrides };
}

/** A briefing port that records its requests and answers with `count` stories. */
export function fakeBriefings(count = 3) {
  const requests: Array<{ since?: number | undefined; until?: number | undefined; topics?: string[] | undefined; maxItems?: number | undefined }> = [];
  return {
    requests,
    async brief(request: (typeof requests)[number]) {
      requests.push(request);
      return makeBriefing(Math.min(count, request.maxItems ?? count), { topics: request.topics });
    },
    summarizeArticle: () => [],
  };
}

export function makeSubscription(overrides: Partial<Subscription> & { chatId: string }): Subscription {
  const platform = overrides.platform ?? 'telegram';
  return {
    id: subscriptionId(platform, overrides.chatId, overrides.threadId),
    platform,
    time: '08:00',
    timezone: 'UTC',
    days: [1, 2, 3, 4, 5, 6, 7],
    topics: [],
    maxItems: 5,
    breaking: true,
    state: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const testConfig = {
  DIGEST_GRACE_MINUTES: 60,
  DIGEST_MAX_LOOKBACK_HOURS: 48,
  DELIVERY_MAX_ATTEMPTS: 3,
  TELEGRAM_MESSAGES_PER_SECOND: 1000,
  OUTBOX_RETENTION_DAYS: 7,
};

/** Limits fast enough for tests but still ordered per chat. */
export const fastLimits = {
  telegram: { perSecond: 1000, chatIntervalMs: 0, groupIntervalMs: 0 },
  discord: { perSecond: 1000 },
};
