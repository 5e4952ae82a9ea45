import type { Briefing, BriefingItem } from '../../src/domain/briefing.ts';
import type { Citation } from '../../src/domain/citation.ts';

const outlets = ['Harbor Ledger', 'Kyiv Courier', 'Northern Post', 'Valley Times'];

/** A briefing of `count` stories, each citing two articles; `sentenceLength` makes it long. */
export function makeBriefing(options: { count?: number; sentences?: number; sentenceLength?: number; text?: string } = {}): Briefing {
  const count = options.count ?? 3;
  const citations: Citation[] = [];
  const items: BriefingItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const first = citations.length + 1;
    for (const n of [first, first + 1]) {
      citations.push({ n, articleId: `a${n}`, title: `Article ${n} about story ${i + 1}`, source: outlets[n % outlets.length]!, url: `https://news.example/story-${i + 1}/article-${n}`, publishedAt: '2026-11-24T10:00:00.000Z' });
    }
    const filler = 'x'.repeat(Math.max(0, (options.sentenceLength ?? 60) - 40));
    items.push({
      headline: `Story ${i + 1}: council approves the harbour plan`,
      sentences: Array.from({ length: options.sentences ?? 2 }, (_, s) => ({ text: options.text ?? `Sentence ${s + 1} of story ${i + 1} says what happened ${filler}.`, citations: s % 2 === 0 ? [first] : [first, first + 1] })),
      citations: [first, first + 1],
      articleIds: [`a${first}`, `a${first + 1}`],
      sources: [outlets[first % outlets.length]!, outlets[(first + 1) % outlets.length]!],
      publishedAt: '2026-11-24T10:00:00.000Z',
    });
  }
  return { title: 'Latest news', generatedAt: '2026-11-25T08:00:00.000Z', items, citations, articleCount: count * 2 };
}
