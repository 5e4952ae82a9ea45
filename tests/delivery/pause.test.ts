import { afterEach, describe, expect, it } from 'vitest';
import { startDelivery } from '../../src/delivery/start-delivery.ts';
import { silentLogger } from '../../src/log.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { createOutboxStore } from '../../src/store/outbox-store.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { temporaryDir } from '../helpers/backends.ts';
import { fakeBriefings, fakeNotifier, makeSubscription, testConfig } from './fake-notifier.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('queued deliveries follow the subscription as it is when they are sent', () => {
  it('pausing, removing or turning off breaking updates stops what is already queued; the other chats get everything', async () => {
    const tmp = temporaryDir();
    cleanups.push(() => tmp.remove());
    const backend = await openKeyvBackend({ dataDir: tmp.dir });
    cleanups.push(() => backend.close());
    const subscriptions = createSubscriptionStore({ backend });
    for (const chatId of ['1', '2', '3', '4']) await subscriptions.put(makeSubscription({ chatId }));
    const notifier = fakeNotifier('telegram');
    const limits = { telegram: { perSecond: 1000, chatIntervalMs: 5, groupIntervalMs: 5, concurrency: 1 } };
    const delivery = await startDelivery({ backend, subscriptions, notifiers: [notifier], briefings: fakeBriefings(4), config: testConfig, logger: silentLogger(), schedule: false, limits });
    cleanups.push(() => delivery.stop());

    let release = () => {};
    notifier.gate = new Promise<void>((resolve) => (release = resolve));
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.breaking.publish({ id: 'b1', text: 'Port reopens', requestedBy: { platform: 'telegram', userId: '42', chatId: '-5' }, createdAt: '2026-11-25T08:00:30Z' });
    // While everything waits behind the first send: chat 2 pauses, chat 3 unsubscribes, chat 4 turns breaking off.
    await subscriptions.update((await subscriptions.list()).find((s) => s.chatId === '2')!.id, (s) => ({ ...s, state: 'paused' }));
    await subscriptions.remove((await subscriptions.list()).find((s) => s.chatId === '3')!.id);
    await subscriptions.update((await subscriptions.list()).find((s) => s.chatId === '4')!.id, (s) => ({ ...s, breaking: false }));
    release();
    await delivery.drain();

    const to = (chatId: string) => notifier.sent.filter((message) => message.chat.chatId === chatId).map((message) => message.text);
    expect(to('1').filter((text) => text.startsWith('BREAKING'))).toHaveLength(1);
    expect(to('1').filter((text) => !text.startsWith('BREAKING'))).toHaveLength(2);
    // The held first send had already begun in one chat; nothing after it went to chats 2 and 3.
    for (const chatId of ['2', '3']) expect(to(chatId).length).toBeLessThanOrEqual(notifier.calls[0]!.chat.chatId === chatId ? 1 : 0);
    expect(to('4').some((text) => text.startsWith('BREAKING'))).toBe(false);
    expect(to('4').filter((text) => !text.startsWith('BREAKING'))).toHaveLength(2);

    const records = await createOutboxStore({ backend }).list();
    const cancelled = records.filter((record) => record.state === 'cancelled');
    expect(new Set(cancelled.map((record) => record.chat.chatId))).toEqual(new Set(['2', '3', '4']));
    expect(cancelled.find((record) => record.chat.chatId === '2')?.lastError).toMatch(/paused/);
    expect(cancelled.find((record) => record.chat.chatId === '3')?.lastError).toMatch(/removed/);
    expect(cancelled.find((record) => record.chat.chatId === '4')?.lastError).toMatch(/breaking updates were turned off/);
    expect(records.filter((record) => record.state === 'pending')).toHaveLength(0);
  });
});
