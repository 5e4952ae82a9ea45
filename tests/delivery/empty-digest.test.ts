import { afterEach, describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/domain/briefing.ts';
import { startDelivery, type Delivery } from '../../src/delivery/start-delivery.ts';
import { silentLogger } from '../../src/log.ts';
import { openKeyvBackend, type KeyvBackend } from '../../src/store/keyv-backend.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { fakeNotifier, fastLimits, makeBriefing, makeSubscription, testConfig } from './fake-notifier.ts';

let backend: KeyvBackend | undefined;
let delivery: Delivery | undefined;
afterEach(async () => {
  await delivery?.stop();
  await backend?.close();
  delivery = undefined;
  backend = undefined;
});

describe('a digest with no new stories', () => {
  it('tells subscribers nothing is new since the last digest, not the on-demand hints (a longer window, /sources)', async () => {
    backend = await openKeyvBackend({ memory: true });
    const subscriptions = createSubscriptionStore({ backend });
    await subscriptions.put(makeSubscription({ chatId: '7' }));
    await subscriptions.put(makeSubscription({ chatId: '8', topics: ['energy'] }));
    const telegram = fakeNotifier('telegram');
    const notes: Array<string | undefined> = [];
    const render = telegram.render.bind(telegram);
    telegram.render = (content, chat) => {
      if (content.kind === 'digest') notes.push(content.briefing.note);
      return render(content, chat);
    };
    // What the local engine says to someone who asked for a briefing of an empty window.
    const empty = (topics?: string[]): Briefing => makeBriefing(0, { topics, note: 'No stored articles in this time window. Add feeds with /sources, or try a longer window (e.g. 7d).' });
    const briefings = { brief: async (request: { topics?: string[] | undefined }) => empty(request.topics), summarizeArticle: () => [] };
    delivery = await startDelivery({ backend, subscriptions, notifiers: [telegram], briefings, config: testConfig, logger: silentLogger(), schedule: false, limits: fastLimits });
    await delivery.runDueDigests({ now: new Date('2026-11-25T08:00:00Z'), force: true });
    await delivery.drain();
    expect(notes).toHaveLength(2);
    for (const note of notes) {
      expect(note).toMatch(/no new stories/i);
      expect(note).not.toMatch(/\/sources|longer window/);
    }
    expect(notes.some((note) => /topics/.test(note ?? ''))).toBe(true);
  });
});
