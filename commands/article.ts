import { UserError } from '../src/errors.ts';
import { text } from './option-types.ts';
import { shortDate } from './present.ts';
import type { CommandDefinition } from './types.ts';

/** `/article <id>`: one article's summary, outlet, date and link. */
export const article = {
  name: 'article',
  description: "One article's summary, outlet, date and link",
  options: [{ name: 'id', description: 'Article id (shown in search results)', type: text({ maxLength: 40 }), required: true, example: 'c859ede675f5' }],
  permission: 'member',
  examples: ['/article c859ede675f5'],
  // The summary may come from an LLM: platforms acknowledge first.
  slow: true,
  async run({ options }, deps) {
    const found = await deps.articles.get(options.id.trim().toLowerCase());
    if (found === undefined) throw new UserError('not_found', `No stored article has the id "${options.id.slice(0, 40)}". Find ids with /search.`);
    const sentences = await deps.briefings.summarizeArticle(found, { sentences: 3 });
    const citation = { n: 1, articleId: found.id, title: found.title, source: found.source, url: found.url, publishedAt: found.publishedAt };
    return {
      items: [
        {
          title: found.title,
          url: found.url,
          meta: [found.source, shortDate(found.publishedAt ?? found.ingestedAt), `id ${found.id}`].join(' · '),
          sentences: sentences.map((sentence) => ({ text: sentence, citations: [1] })),
        },
      ],
      citations: [citation],
      note: found.aliases?.length ? `Also reported at ${found.aliases.length} other address${found.aliases.length === 1 ? '' : 'es'}.` : undefined,
    };
  },
} satisfies CommandDefinition<{ id: string }>;
