import { UserError } from '../src/errors.ts';
import { integer, text, window } from './option-types.ts';
import { briefingReply } from './present.ts';
import type { CommandDefinition } from './types.ts';

interface BriefPage {
  topics?: string[] | undefined;
  since?: number | undefined;
  until: number;
  limit: number;
  offset: number;
}

/** `/brief [topic] [since] [limit]`: a briefing now. */
export const brief = {
  name: 'brief',
  description: 'A briefing of the latest news, with sources',
  options: [
    { name: 'topic', description: 'Topic words, comma-separated', type: text({ maxLength: 200 }), rest: true, autocomplete: 'topics', example: 'ukraine' },
    { name: 'since', description: 'How far back: 24h, 7d, or a date', type: window, example: '24h' },
    { name: 'limit', description: 'How many stories (1–10)', type: integer({ min: 1, max: 10 }), example: '5' },
    { name: 'page', description: 'Continuation of an earlier briefing', type: text({ maxLength: 16 }), hidden: true, example: 'x' },
  ],
  permission: 'member',
  examples: ['/brief', '/brief ukraine 7d', '/brief energy, markets 24h 3'],
  slow: true,
  async run({ options }, deps) {
    let page: BriefPage;
    if (options.page !== undefined) {
      const stored = await deps.continuations.get<BriefPage>(options.page);
      if (stored === undefined) throw new UserError('expired', 'That briefing has expired. Send /brief for a fresh one.');
      page = stored;
    } else {
      const topics = options.topic?.split(',').map((topic) => topic.trim().toLowerCase()).filter(Boolean);
      page = { topics: topics?.length ? topics : undefined, since: options.since, until: deps.now().getTime(), limit: options.limit ?? 5, offset: 0 };
    }
    const briefing = await deps.briefings.brief({ topics: page.topics, since: page.since, until: page.until, maxItems: page.limit + 1, offset: page.offset });
    const hasMore = briefing.items.length > page.limit;
    const shown = { ...briefing, items: briefing.items.slice(0, page.limit) };
    const usedNumbers = new Set(shown.items.flatMap((item) => item.citations));
    shown.citations = briefing.citations.filter((citation) => usedNumbers.has(citation.n));
    const more = hasMore ? { label: 'More stories', command: 'brief', args: `page:${await deps.continuations.put({ ...page, offset: page.offset + page.limit })}` } : undefined;
    return briefingReply(shown, more);
  },
} satisfies CommandDefinition<{ topic?: string; since?: number; limit?: number; page?: string }>;
