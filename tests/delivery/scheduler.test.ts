import { afterEach, describe, expect, it } from 'vitest';
import { startDelivery, type Delivery } from '../../src/delivery/start-delivery.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { openKeyvBackend, type KeyvBackend } from '../../src/store/keyv-backend.ts';
import { createSubscriptionStore, type SubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import type { Subscription } from '../../src/domain/subscription.ts';
import { fakeBriefings, fakeNotifier, fastLimits, makeSubscription, testConfig } from './fake-notifier.ts';

let backend: KeyvBackend;
let delivery: Delivery | undefined;
afterEach(async () => {
  await delivery?.stop();
  delivery = undefined;
  await backend?.close();
});

async function setup(subscriptionList: Subscription[], options: { logLines?: string[]; config?: Partial<typeof testConfig> } = {}) {
  backend = await openKeyvBackend({ memory: true });
  const subscriptions: SubscriptionStore = createSubscriptionStore({ backend });
  for (const subscription of subscriptionList) await subscriptions.put(subscription);
  const telegram = fakeNotifier('telegram');
  const discord = fakeNotifier('discord');
  const briefings = fakeBriefings(2);
  const logLines = options.logLines;
  const logger = logLines ? createLogger({ level: 'warn', destination: { write: (line: string) => void logLines.push(line) } }) : silentLogger();
  let clock = new Date('2026-01-01T00:00:00Z');
  delivery = await startDelivery({
    backend, subscriptions, notifiers: [telegram, discord], briefings, config: { ...testConfig, ...options.config }, logger, schedule: false, limits: fastLimits, now: () => clock,
  });
  const d = delivery;
  /** Moves the controllable clock minute by minute, running the scheduler's job at each tick. */
  const tickUntil = async (from: string, to: string, step = 60_000) => {
    for (let at = Date.parse(from); at <= Date.parse(to); at += step) {
      clock = new Date(at);
      await d.runDueDigests();
    }
    await d.drain();
  };
  return { subscriptions, telegram, discord, briefings, delivery: d, tickUntil, setClock: (iso: string) => void (clock = new Date(iso)) };
}

describe('scheduled digests', () => {
  it('delivers each digest once over a DST weekend, through the whole pipeline', async () => {
    const subs = [
      makeSubscription({ chatId: '1', time: '02:30', timezone: 'America/New_York', maxItems: 1 }),
      makeSubscription({ chatId: '2', time: '08:00', timezone: 'America/New_York', maxItems: 1 }),
      makeSubscription({ chatId: '3', time: '03:30', timezone: 'Europe/Kyiv', maxItems: 1, platform: 'discord' }),
    ];
    const { telegram, discord, tickUntil, subscriptions } = await setup(subs);
    await tickUntil('2026-03-07T12:00:00Z', '2026-03-09T14:00:00Z');
    const byChat = (chatId: string) => [...telegram.sent, ...discord.sent].filter((message) => message.chat.chatId === chatId).map((message) => new Date(message.at));
    expect(byChat('1')).toHaveLength(2); // 03-08 at 03:00 EDT (02:30 did not exist), 03-09 at 02:30 EDT
    expect(byChat('2')).toHaveLength(3); // 03-07 08:00 EST, 03-08 08:00 EDT, 03-09
    expect(byChat('3')).toHaveLength(2); // Kyiv's own transition is later in March
    expect((await subscriptions.get(subs[0]!.id))?.lastDigestAt).toBe('2026-03-09T06:30:00.000Z');
    expect((await subscriptions.get(subs[1]!.id))?.lastDigestAt).toBe('2026-03-09T12:00:00.000Z');
  });

  it('sends a digest missed during downtime when within the grace window, and only once', async () => {
    const sub = makeSubscription({ chatId: '1', lastDigestAt: '2026-11-24T08:00:00.000Z' });
    const { telegram, briefings, tickUntil } = await setup([sub]);
    await tickUntil('2026-11-25T08:45:00Z', '2026-11-25T09:30:00Z');
    expect(telegram.sent).toHaveLength(1);
    expect(briefings.requests).toEqual([{ since: Date.parse('2026-11-24T08:00:00Z'), until: Date.parse('2026-11-25T08:00:00Z'), topics: undefined, maxItems: 5 }]);
  });

  it('skips and logs a digest missed beyond the grace window — no burst — and the next one covers the gap up to the lookback cap', async () => {
    const logLines: string[] = [];
    const sub = makeSubscription({ chatId: '1', lastDigestAt: '2026-11-20T08:00:00.000Z' });
    const { telegram, briefings, tickUntil } = await setup([sub], { logLines, config: { DIGEST_GRACE_MINUTES: 30 } });
    // Down from 11-20 until 11-25 09:00: four slots missed, the latest 60 minutes ago.
    await tickUntil('2026-11-25T09:00:00Z', '2026-11-25T12:00:00Z');
    expect(telegram.sent).toHaveLength(0);
    const skips = logLines.filter((line) => line.includes('skipped'));
    expect(skips).toHaveLength(1);
    expect(JSON.parse(skips[0]!)).toMatchObject({ slot: '2026-11-25T08:00:00.000Z', lateMinutes: 60 });
    await tickUntil('2026-11-26T07:58:00Z', '2026-11-26T08:05:00Z');
    expect(telegram.sent).toHaveLength(1);
    expect(briefings.requests[0]).toMatchObject({ since: Date.parse('2026-11-24T08:00:00Z'), until: Date.parse('2026-11-26T08:00:00Z') });
  });

  it("starts a new subscription with the next slot, and its first digest covers only one day", async () => {
    const sub = makeSubscription({ chatId: '1', createdAt: '2026-11-25T08:30:00.000Z' });
    const { telegram, briefings, tickUntil } = await setup([sub]);
    await tickUntil('2026-11-25T08:31:00Z', '2026-11-26T08:10:00Z', 5 * 60_000);
    expect(telegram.sent).toHaveLength(1);
    expect(briefings.requests).toEqual([{ since: Date.parse('2026-11-25T08:00:00Z'), until: Date.parse('2026-11-26T08:00:00Z'), topics: undefined, maxItems: 5 }]);
  });

  it('builds one briefing per distinct window, topics and length, shared by every subscriber', async () => {
    const subs = [
      makeSubscription({ chatId: '1', lastDigestAt: '2026-11-24T08:00:00.000Z' }),
      makeSubscription({ chatId: '2', lastDigestAt: '2026-11-24T08:00:00.000Z' }),
      makeSubscription({ chatId: '30001', platform: 'discord', lastDigestAt: '2026-11-24T08:00:00.000Z' }),
      makeSubscription({ chatId: '4', lastDigestAt: '2026-11-24T08:00:00.000Z', topics: ['energy', 'markets'] }),
      makeSubscription({ chatId: '5', lastDigestAt: '2026-11-24T08:00:00.000Z', topics: ['markets', 'energy'] }),
      makeSubscription({ chatId: '6', lastDigestAt: '2026-11-24T08:00:00.000Z', maxItems: 3 }),
      makeSubscription({ chatId: '7', lastDigestAt: '2026-11-23T08:00:00.000Z' }),
      makeSubscription({ chatId: '8', state: 'paused' }),
    ];
    const { telegram, discord, briefings, delivery, setClock } = await setup(subs);
    setClock('2026-11-25T08:00:00Z');
    const summary = await delivery.runDueDigests();
    await delivery.drain();
    expect(summary).toMatchObject({ digests: 7, briefings: 4, skipped: 0, errors: 0 });
    expect(briefings.requests).toHaveLength(4);
    expect(telegram.sent.map((message) => message.chat.chatId).sort()).toEqual(['1', '2', '4', '5', '6', '7']);
    expect(discord.sent.map((message) => message.chat.chatId)).toEqual(['30001']);
  });

  it('marks stories a chat already got as breaking updates, without repeating them', async () => {
    const subs = [
      makeSubscription({ chatId: '1', lastDigestAt: '2026-11-24T08:00:00.000Z' }),
      makeSubscription({ chatId: '2', lastDigestAt: '2026-11-24T08:00:00.000Z', breaking: false }),
    ];
    const { telegram, delivery, setClock } = await setup(subs);
    setClock('2026-11-24T15:00:00Z');
    await delivery.breaking.publish({ id: 'u1', text: 'Story 1', articleId: 'a1', requestedBy: { platform: 'telegram', userId: '9', chatId: '9' }, createdAt: '2026-11-24T15:00:00Z' });
    setClock('2026-11-25T08:00:00Z');
    await delivery.runDueDigests();
    await delivery.drain();
    const texts = (chatId: string) => telegram.sent.filter((message) => message.chat.chatId === chatId).map((message) => message.text);
    expect(texts('1')).toEqual(['BREAKING Story 1', 'Digest [1] (already sent) Story 1\nStory 2: Sentence of story 2.']);
    expect(texts('2')).toEqual(['Digest [1] Story 1: Sentence of story 1.\nStory 2: Sentence of story 2.']);
  });

  it('leaves subscriptions of a platform with no notifier for later, unmarked', async () => {
    backend = await openKeyvBackend({ memory: true });
    const subscriptions = createSubscriptionStore({ backend });
    await subscriptions.put(makeSubscription({ chatId: '30001', platform: 'discord' }));
    const telegram = fakeNotifier('telegram');
    delivery = await startDelivery({ backend, subscriptions, notifiers: [telegram], briefings: fakeBriefings(1), config: testConfig, logger: silentLogger(), schedule: false, now: () => new Date('2026-11-25T08:00:00Z') });
    expect(await delivery.runDueDigests()).toMatchObject({ digests: 0, noNotifier: 1 });
    await delivery.stop();
    const discord = fakeNotifier('discord');
    delivery = await startDelivery({ backend, subscriptions, notifiers: [discord], briefings: fakeBriefings(1), config: testConfig, logger: silentLogger(), schedule: false, now: () => new Date('2026-11-25T08:10:00Z') });
    expect(await delivery.runDueDigests()).toMatchObject({ digests: 1 });
    await delivery.drain();
    expect(discord.sent).toHaveLength(1);
  });
});
