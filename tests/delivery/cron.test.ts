import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDelivery } from '../../src/delivery/start-delivery.ts';
import { silentLogger } from '../../src/log.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { fakeBriefings, fakeNotifier, fastLimits, makeSubscription, testConfig } from './fake-notifier.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the node-cron scheduler', () => {
  it('ticks each minute and sends a 08:00 digest once, at 08:00', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T07:57:30Z') });
    const backend = await openKeyvBackend({ memory: true });
    const subscriptions = createSubscriptionStore({ backend });
    await subscriptions.put(makeSubscription({ chatId: '1', time: '08:00', timezone: 'UTC' }));
    await subscriptions.put(makeSubscription({ chatId: '2', time: '08:02', timezone: 'UTC' }));
    const notifier = fakeNotifier('telegram');
    const delivery = await startDelivery({ backend, subscriptions, notifiers: [notifier], briefings: fakeBriefings(1), config: testConfig, logger: silentLogger(), limits: fastLimits });
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(notifier.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(notifier.sent.map((message) => [message.chat.chatId, new Date(message.at).toISOString().slice(11, 16)])).toEqual([['1', '08:00']]);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(notifier.sent.map((message) => [message.chat.chatId, new Date(message.at).toISOString().slice(11, 16)])).toEqual([['1', '08:00'], ['2', '08:02']]);
    await delivery.stop();
    await backend.close();
  });
});
