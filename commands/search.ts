import { UserError } from '../src/errors.ts';
import { text, window } from './option-types.ts';
import { searchReply } from './present.ts';
import type { CommandDefinition } from './types.ts';

interface SearchPage {
  query: string;
  since?: number | undefined;
  source?: string | undefined;
  offset: number;
}

const pageSize = 5;

/** `/search <query> [since] [source]`: matching articles, paged. */
export const search = {
  name: 'search',
  description: 'Search stored articles',
  options: [
    { name: 'query', description: 'Words or "a phrase" to find', type: text({ maxLength: 200 }), rest: true, example: 'peace plan' },
    { name: 'since', description: 'How far back: 24h, 7d, or a date', type: window, example: '7d' },
    { name: 'source', description: 'Only this outlet', type: text({ maxLength: 100 }), autocomplete: 'sources', example: 'Kyiv Independent' },
    { name: 'page', description: 'Continuation of an earlier search', type: text({ maxLength: 16 }), hidden: true, example: 'x' },
  ],
  permission: 'member',
  examples: ['/search peace plan', '/search "rail strike" 7d', '/search election source:Harbor Ledger'],
  slow: true,
  async run({ options }, deps) {
    let page: SearchPage;
    if (options.page !== undefined) {
      const stored = await deps.continuations.get<SearchPage>(options.page);
      if (stored === undefined) throw new UserError('expired', 'That search has expired. Send it again.');
      page = stored;
    } else {
      if (options.query === undefined) throw new UserError('missing_option', '/search needs words to look for. Example: /search peace plan');
      page = { query: options.query, since: options.since, source: options.source, offset: 0 };
    }
    const results = await deps.search.search(page.query, { since: page.since, source: page.source, limit: pageSize, offset: page.offset });
    const next = page.offset + results.hits.length;
    const more = next < results.total ? { label: 'More', command: 'search', args: `page:${await deps.continuations.put({ ...page, offset: next })}` } : undefined;
    return searchReply(results, page.offset, more);
  },
} satisfies CommandDefinition<{ query?: string; since?: number; source?: string; page?: string }>;
