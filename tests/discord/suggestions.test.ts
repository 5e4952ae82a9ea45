import { describe, expect, it } from 'vitest';
import { createSuggestions } from '../../adapters/discord/suggestions.ts';
import { openArticleStore } from '../../src/store/article-store.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { makeArticleInput } from '../fixtures/articles.ts';

describe('Discord autocomplete suggestions', () => {
  it('offers stored outlets and topics from subscriptions and headlines, best matches first', async () => {
    const backend = await openKeyvBackend({ memory: true });
    const now = () => new Date('2026-11-25T08:00:00.000Z');
    const articles = await openArticleStore({ backend, now });
    for (const [source, title] of [['Harbor Ledger', 'Harbour ferry strike ends'], ['Harbor Ledger', 'Ferry timetable returns'], ['Kyiv Courier', 'Energy grid repaired'], ['Valley Times', 'Harvest festival opens']]) {
      await articles.add(makeArticleInput({ source, title, publishedAt: '2026-11-24T08:00:00.000Z' }));
    }
    const subscriptions = createSubscriptionStore({ backend });
    await subscriptions.put({ id: 's', platform: 'discord', chatId: '1', time: '08:00', timezone: 'UTC', days: [1], topics: ['energy prices'], maxItems: 5, breaking: true, state: 'active', createdAt: '', updatedAt: '' });
    const suggestions = createSuggestions({ articles, subscriptions, now });
    expect(await suggestions.sources('')).toEqual(['Harbor Ledger', 'Kyiv Courier', 'Valley Times']);
    expect(await suggestions.sources('times')).toEqual(['Valley Times']);
    expect((await suggestions.topics('ener'))[0]).toBe('energy prices');
    expect(await suggestions.topics('ferr')).toEqual(['ferry']);
    expect(await suggestions.topics('the')).not.toContain('the');
  });
});
