import { afterEach, describe, expect, it } from 'vitest';
import { startDelivery, type Delivery } from '../../src/delivery/start-delivery.ts';
import { ChatMigratedError, ChatUnreachableError, RateLimitedError, RejectedMessageError, TransientDeliveryError } from '../../src/delivery/notifier.ts';
import { openKeyvBackend, type KeyvBackend } from '../../src/store/keyv-backend.ts';
import { createSubscriptionStore, subscriptionId, type SubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { createOutboxStore } from '../../src/store/outbox-store.ts';
import { silentLogger } from '../../src/log.ts';
import { fakeBriefings, fakeNotifier, fastLimits, makeSubscription, testConfig, type FakeNotifier } from './fake-notifier.ts';

let backend: KeyvBackend;
let delivery: Delivery | undefined;
afterEach(async () => {
  await delivery?.stop();
  delivery = undefined;
  await backend?.close();
});

async function setup(options: { chats: string[]; notifier?: FakeNotifier; stories?: number }) {
  backend = await openKeyvBackend({ memory: true });
  const subscriptions: SubscriptionStore = createSubscriptionStore({ backend });
  for (const chatId of options.chats) await subscriptions.put(makeSubscription({ chatId, chatTitle: `Chat ${chatId}` }));
  const notifier = options.notifier ?? fakeNotifier('telegram');
  const moderatorMessages: Array<{ text: string; context: { chatId: string; reason: string } }> = [];
  delivery = await startDelivery({
    backend, subscriptions, notifiers: [notifier], briefings: fakeBriefings(options.stories ?? 3),
    moderators: { notify: async (text, context) => void moderatorMessages.push({ text, context }) },
    config: testConfig, logger: silentLogger(), schedule: false, limits: fastLimits, backoff: { baseMs: 5, maxMs: 20 },
  });
  return { subscriptions, notifier, moderatorMessages, delivery, outbox: createOutboxStore({ backend }) };
}

describe('delivery failures', () => {
  it('deactivates a blocked chat with its reason, keeps its settings, tells moderators, and still serves the others', async () => {
    const notifier = fakeNotifier('telegram');
    notifier.fail = (chat) => (chat.chatId === '200' ? new ChatUnreachableError('bot was blocked by the user') : undefined);
    const { subscriptions, moderatorMessages, delivery, outbox } = await setup({ chats: ['100', '200', '300'], notifier });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    const blocked = await subscriptions.get(subscriptionId('telegram', '200'));
    expect(blocked).toMatchObject({ state: 'deactivated', stateReason: 'bot was blocked by the user', time: '08:00', chatTitle: 'Chat 200' });
    expect(moderatorMessages).toHaveLength(1);
    expect(moderatorMessages[0]!.text).toContain('bot was blocked by the user');
    expect(moderatorMessages[0]!.context).toMatchObject({ chatId: '200', reason: 'bot was blocked by the user' });
    // One attempt at the blocked chat, its other part cancelled rather than retried.
    expect(notifier.calls.filter((call) => call.chat.chatId === '200')).toHaveLength(1);
    expect(notifier.sent.filter((call) => call.chat.chatId === '100')).toHaveLength(2);
    expect(notifier.sent.filter((call) => call.chat.chatId === '300')).toHaveLength(2);
    expect(await outbox.counts()).toMatchObject({ pending: 0, sent: 4, failed: 1, cancelled: 1 });
    // A deactivated subscription gets no more digests.
    const again = await delivery.runDueDigests({ now: new Date('2026-11-26T08:00:00Z'), force: true });
    expect(again.digests).toBe(2);
  });

  it('moves a migrated group to its new id and resends every part there, in order', async () => {
    const notifier = fakeNotifier('telegram');
    notifier.fail = (chat) => (chat.chatId === '-100' ? new ChatMigratedError('-100999') : undefined);
    const { subscriptions, delivery } = await setup({ chats: ['-100'], notifier, stories: 5 });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    expect(await subscriptions.get(subscriptionId('telegram', '-100'))).toBeUndefined();
    expect(await subscriptions.get(subscriptionId('telegram', '-100999'))).toMatchObject({ chatId: '-100999', state: 'active', chatTitle: 'Chat -100' });
    expect(notifier.sent.map((message) => [message.chat.chatId, message.text.slice(0, 10)])).toEqual([
      ['-100999', 'Digest [1]'],
      ['-100999', 'Digest [2]'],
      ['-100999', 'Digest [3]'],
    ]);
  });

  it('waits out every 429 retry_after in a storm and loses nothing', async () => {
    const notifier = fakeNotifier('telegram');
    const limitedUntil = new Map<string, number>();
    let storms = 0;
    notifier.fail = (chat) => {
      const until = limitedUntil.get(chat.chatId);
      if (until !== undefined && Date.now() < until) throw new Error(`sent during retry_after to ${chat.chatId}`);
      if (storms < 12 && Math.random() < 0.5) {
        storms += 1;
        limitedUntil.set(chat.chatId, Date.now() + 40);
        return new RateLimitedError(40);
      }
      return undefined;
    };
    const { delivery, outbox } = await setup({ chats: ['1', '2', '3', '4'], notifier, stories: 4 });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    // A send inside retry_after would have thrown a plain error, which is retried and counted.
    expect(delivery.stats().retried).toBe(0);
    expect(delivery.stats().rateLimited).toBe(storms);
    expect(notifier.sent).toHaveLength(8);
    expect(new Set(notifier.sent.map((message) => `${message.chat.chatId} ${message.text}`)).size).toBe(8);
    expect((await outbox.counts()).sent).toBe(8);
  });

  it('pauses the whole platform on a global 429', async () => {
    const notifier = fakeNotifier('discord');
    let pausedUntil = 0;
    let violations = 0;
    notifier.fail = (_chat, _text, call) => {
      if (Date.now() < pausedUntil) violations += 1;
      if (call === 0) {
        pausedUntil = Date.now() + 60;
        return new RateLimitedError(60, { global: true });
      }
      return undefined;
    };
    backend = await openKeyvBackend({ memory: true });
    const subscriptions = createSubscriptionStore({ backend });
    for (const chatId of ['10001', '10002', '10003']) await subscriptions.put(makeSubscription({ platform: 'discord', chatId }));
    // Spaced sends (20 ms), so the 429 is back before the next one starts: requests already in flight cannot know.
    delivery = await startDelivery({ backend, subscriptions, notifiers: [notifier], briefings: fakeBriefings(1), config: testConfig, logger: silentLogger(), schedule: false, limits: { discord: { perSecond: 50 } } });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    expect(violations).toBe(0);
    expect(notifier.sent).toHaveLength(3);
  });

  it('retries transient failures with backoff up to DELIVERY_MAX_ATTEMPTS, then marks the part failed and goes on', async () => {
    const notifier = fakeNotifier('telegram');
    notifier.fail = (chat, text) => (chat.chatId === '1' && text.includes('[1]') ? new TransientDeliveryError('502 Bad Gateway') : chat.chatId === '2' && notifier.calls.filter((c) => c.chat.chatId === '2').length === 1 ? new TransientDeliveryError('ECONNRESET') : undefined);
    const { delivery, outbox } = await setup({ chats: ['1', '2'], notifier, stories: 4 });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    const chat1 = notifier.calls.filter((call) => call.chat.chatId === '1');
    expect(chat1.filter((call) => call.text.includes('[1]'))).toHaveLength(testConfig.DELIVERY_MAX_ATTEMPTS);
    expect(notifier.sent.filter((message) => message.chat.chatId === '1').map((message) => message.text.slice(0, 10))).toEqual(['Digest [2]']);
    // Chat 2 failed once, then succeeded: both parts, once each.
    expect(notifier.sent.filter((message) => message.chat.chatId === '2')).toHaveLength(2);
    const failed = await outbox.list({ state: 'failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 3, lastError: '502 Bad Gateway' });
    expect(delivery.stats()).toMatchObject({ retried: 3, failed: 1, sent: 3 });
  });

  it('marks a rejected message failed without retrying it', async () => {
    const notifier = fakeNotifier('telegram');
    notifier.fail = (_chat, text) => (text.includes('[2]') ? new RejectedMessageError("400 can't parse entities") : undefined);
    const { delivery, outbox } = await setup({ chats: ['1'], notifier, stories: 6 });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    expect(notifier.calls).toHaveLength(3);
    expect(await outbox.counts()).toMatchObject({ sent: 2, failed: 1 });
  });

  it('keeps one chat at its interval while serving others in between', async () => {
    backend = await openKeyvBackend({ memory: true });
    const subscriptions = createSubscriptionStore({ backend });
    for (const chatId of ['1', '-2']) await subscriptions.put(makeSubscription({ chatId }));
    const notifier = fakeNotifier('telegram');
    delivery = await startDelivery({ backend, subscriptions, notifiers: [notifier], briefings: fakeBriefings(6), config: testConfig, logger: silentLogger(), schedule: false, limits: { telegram: { perSecond: 1000, chatIntervalMs: 50, groupIntervalMs: 120 } } });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    for (const [chatId, gap] of [['1', 50], ['-2', 120]] as const) {
      const times = notifier.calls.filter((call) => call.chat.chatId === chatId).map((call) => call.at);
      expect(times).toHaveLength(3);
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(gap - 2);
    }
    // The private chat finished before the group: chats do not wait for each other.
    const last = (chatId: string) => Math.max(...notifier.calls.filter((call) => call.chat.chatId === chatId).map((call) => call.at));
    expect(last('1')).toBeLessThan(last('-2'));
  });
});
