import { afterEach, describe, expect, it } from 'vitest';
import { startDelivery, type Delivery } from '../../src/delivery/start-delivery.ts';
import { silentLogger } from '../../src/log.ts';
import { openKeyvBackend, type KeyvBackend } from '../../src/store/keyv-backend.ts';
import { createOutboxStore } from '../../src/store/outbox-store.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { temporaryDir } from '../helpers/backends.ts';
import { fakeBriefings, fakeNotifier, makeSubscription, testConfig } from './fake-notifier.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const update = (id: string) => ({ id, text: 'Ceasefire talks resume in Geneva', requestedBy: { platform: 'telegram', userId: '42', name: 'Mod', chatId: '-5' }, createdAt: '2026-11-25T10:00:00Z' });

describe('outbox across restarts', () => {
  it('stopped mid-drain and reopened on the same store, delivers every message exactly once', async () => {
    const tmp = temporaryDir();
    cleanups.push(() => tmp.remove());
    const chats = Array.from({ length: 12 }, (_, i) => String(1000 + i));
    const notifier = fakeNotifier('telegram');
    const limits = { telegram: { perSecond: 200, chatIntervalMs: 20, concurrency: 2 } };
    let backend: KeyvBackend = await openKeyvBackend({ dataDir: tmp.dir });
    let subscriptions = createSubscriptionStore({ backend });
    for (const chatId of chats) await subscriptions.put(makeSubscription({ chatId }));
    let delivery: Delivery = await startDelivery({ backend, subscriptions, notifiers: [notifier], briefings: fakeBriefings(6), config: testConfig, logger: silentLogger(), schedule: false, limits });
    let release = () => {};
    notifier.gate = new Promise<void>((resolve) => (release = resolve));
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.breaking.publish(update('u-restart'));
    release();
    // Let some go out, then stop with most still pending.
    while (notifier.sent.length < 8) await new Promise((resolve) => setTimeout(resolve, 2));
    await delivery.stop();
    await backend.close();
    const sentBeforeRestart = notifier.sent.length;
    expect(sentBeforeRestart).toBeLessThan(chats.length * 4);

    backend = await openKeyvBackend({ dataDir: tmp.dir });
    cleanups.push(() => backend.close());
    subscriptions = createSubscriptionStore({ backend });
    const outbox = createOutboxStore({ backend });
    expect((await outbox.counts()).pending).toBe(chats.length * 4 - sentBeforeRestart);
    delivery = await startDelivery({ backend, subscriptions, notifiers: [notifier], briefings: fakeBriefings(6), config: testConfig, logger: silentLogger(), schedule: false, limits });
    cleanups.push(() => delivery.stop());
    expect(delivery.stats().queued + delivery.stats().inFlight).toBe(chats.length * 4 - sentBeforeRestart);
    await delivery.drain();

    const keys = notifier.sent.map((message) => `${message.chat.chatId} ${message.text}`);
    expect(keys).toHaveLength(chats.length * 4);
    expect(new Set(keys).size).toBe(keys.length);
    const breakingIndex: number[] = [];
    for (const chatId of chats) {
      const texts = notifier.sent.filter((message) => message.chat.chatId === chatId).map((message) => message.text.slice(0, 15));
      // The digest parts in order, even across the restart; the breaking update ahead of them.
      expect(texts.filter((text) => !text.startsWith('BREAKING'))).toEqual(['Digest [1] Stor', 'Digest [2] Stor', 'Digest [3] Stor']);
      breakingIndex.push(texts.indexOf('BREAKING Ceasef'));
    }
    // Only the chats whose first part was already being sent (concurrency 2) got the update second.
    expect(breakingIndex.filter((index) => index === 0).length).toBeGreaterThanOrEqual(chats.length - 2);
    expect(Math.max(...breakingIndex)).toBeLessThanOrEqual(1);
    expect(await outbox.counts()).toMatchObject({ pending: 0, sent: chats.length * 4 });
    // Publishing the same update again sends nothing.
    expect(await delivery.breaking.publish(update('u-restart'))).toEqual({ queued: 0, alreadySent: true });
  });

  it('removes finished records past retention, never pending ones', async () => {
    const backend = await openKeyvBackend({ memory: true });
    cleanups.push(() => backend.close());
    const subscriptions = createSubscriptionStore({ backend });
    await subscriptions.put(makeSubscription({ chatId: '1' }));
    await subscriptions.put(makeSubscription({ chatId: '30002', platform: 'discord' }));
    const telegram = fakeNotifier('telegram');
    let clock = new Date('2026-11-25T08:00:00Z');
    const delivery = await startDelivery({ backend, subscriptions, notifiers: [telegram], briefings: fakeBriefings(2), config: testConfig, logger: silentLogger(), schedule: false, now: () => clock });
    cleanups.push(() => delivery.stop());
    await delivery.runDueDigests({ force: true });
    await delivery.drain();
    expect(await delivery.cleanup()).toBe(0);
    clock = new Date(Date.now() + 8 * 86_400_000);
    expect(await delivery.cleanup()).toBe(1);
    expect(await delivery.outboxCounts()).toMatchObject({ sent: 0 });
  });
});

describe('breaking updates', () => {
  it('reach every Telegram and Discord chat with breaking on, ahead of queued digests, once', async () => {
    const backend = await openKeyvBackend({ memory: true });
    cleanups.push(() => backend.close());
    const subscriptions = createSubscriptionStore({ backend });
    await subscriptions.put(makeSubscription({ chatId: '-1001' }));
    await subscriptions.put(makeSubscription({ chatId: '7' }));
    await subscriptions.put(makeSubscription({ chatId: '8', breaking: false }));
    await subscriptions.put(makeSubscription({ chatId: '9', state: 'deactivated', stateReason: 'bot was kicked' }));
    await subscriptions.put(makeSubscription({ chatId: '123456789012', platform: 'discord', threadId: '555' }));
    const telegram = fakeNotifier('telegram');
    const discord = fakeNotifier('discord');
    const limits = { telegram: { perSecond: 1000, chatIntervalMs: 30, groupIntervalMs: 30, concurrency: 1 }, discord: { perSecond: 1000, concurrency: 1 } };
    const delivery = await startDelivery({ backend, subscriptions, notifiers: [telegram, discord], briefings: fakeBriefings(4), config: testConfig, logger: silentLogger(), schedule: false, limits });
    cleanups.push(() => delivery.stop());
    // Hold the first send so the digests are queued, not sent, when the update comes in.
    let release = () => {};
    telegram.gate = new Promise<void>((resolve) => (release = resolve));
    discord.gate = telegram.gate;
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    const result = await delivery.breaking.publish(update('u1'));
    expect(result).toEqual({ queued: 3, alreadySent: false });
    expect(await delivery.breaking.publish(update('u1'))).toEqual({ queued: 0, alreadySent: true });
    release();
    await delivery.drain();
    const report = await delivery.breakingReport('u1');
    expect(report).toMatchObject({ update: { id: 'u1', requestedBy: { userId: '42', name: 'Mod' } }, records: { sent: 3, pending: 0, failed: 0 }, failures: [] });
    expect(report?.subscriptionIds).toHaveLength(3);
    const breakingTo = [...telegram.sent, ...discord.sent].filter((message) => message.text.startsWith('BREAKING')).map((message) => `${message.chat.platform}:${message.chat.chatId}:${message.chat.threadId ?? ''}`);
    expect(breakingTo.sort()).toEqual(['discord:123456789012:555', 'telegram:-1001:', 'telegram:7:']);
    // Queued after the digests, it went out first everywhere but where a digest had begun (its first
    // part was being sent): there it waited for the digest's last part, never splitting the digest.
    for (const notifier of [telegram, discord]) {
      for (const chatId of new Set(notifier.sent.map((message) => message.chat.chatId))) {
        const texts = notifier.sent.filter((message) => message.chat.chatId === chatId).map((message) => message.text);
        const at = texts.findIndex((text) => text.startsWith('BREAKING'));
        if (chatId === '8') expect(at).toBe(-1);
        else expect([0, texts.length - 1], texts.join(' | ')).toContain(at);
      }
    }
    // The held first send began a digest in one chat per platform: the update came after all its parts there.
    const begun = telegram.sent.filter((message) => message.chat.chatId === telegram.calls[0]!.chat.chatId).map((message) => message.text);
    expect(begun[0]).not.toMatch(/^BREAKING/);
    expect(begun.filter((text) => !text.startsWith('BREAKING')).length).toBeGreaterThan(1);
    expect(begun.at(-1)).toMatch(/^BREAKING/);
  });
});
