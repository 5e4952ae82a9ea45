import type { Answer, SearchResults } from '../src/domain/answer.ts';
import type { Briefing } from '../src/domain/briefing.ts';
import type { ReplyButton, Reply, ReplyItem } from './reply.ts';

// One formatter for every date: building one per call (toLocaleDateString) dominated rendering time.
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "20 Nov 2026" in UTC: dates in replies are days, and the same everywhere. */
export function shortDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return undefined;
  return dayFormat.format(new Date(time));
}

function joinMeta(parts: Array<string | undefined>): string | undefined {
  const present = parts.filter((part): part is string => Boolean(part));
  return present.length > 0 ? present.join(' · ') : undefined;
}

/** A briefing as a reply: one item per story, its sentences with citations, the numbered sources. */
export function briefingReply(briefing: Briefing, more?: ReplyButton): Reply {
  if (briefing.items.length === 0) {
    return { title: briefing.title, paragraphs: [briefing.note ?? 'There are no stories to brief on yet.'], tone: 'warning' };
  }
  const byNumber = new Map(briefing.citations.map((citation) => [citation.n, citation]));
  const items: ReplyItem[] = briefing.items.map((item) => {
    const lead = byNumber.get(item.citations[0] ?? -1);
    const outlets = item.sources.length > 1 ? `${item.sources.length} outlets: ${item.sources.slice(0, 4).join(', ')}${item.sources.length > 4 ? '…' : ''}` : item.sources[0];
    return { title: item.headline, url: lead?.url, meta: joinMeta([outlets, shortDate(item.publishedAt)]), sentences: item.sentences };
  });
  return { title: briefing.title, items, citations: briefing.citations, note: briefing.note, buttons: more ? [more] : undefined };
}

/** An answer with its quote and sources, or an honest "not in the stored articles". */
export function answerReply(answer: Answer, searchButton?: ReplyButton): Reply {
  if (answer.abstained) {
    return {
      paragraphs: [answer.note ?? 'I could not find an answer to that in the stored articles.', ...(answer.suggestedSearch ? [`Try a search: /search ${answer.suggestedSearch}`] : [])],
      tone: 'warning',
      buttons: searchButton ? [searchButton] : undefined,
    };
  }
  const citationNumbers = answer.citations.map((citation) => citation.n);
  return {
    title: answer.answer,
    quote: answer.quote ? { text: answer.quote, citations: citationNumbers } : undefined,
    citations: answer.citations,
    note: answer.note,
  };
}

/** Search hits as items with outlet, date, snippet and link. */
export function searchReply(results: SearchResults, offset: number, more?: ReplyButton): Reply {
  if (results.hits.length === 0) {
    return { paragraphs: [offset > 0 ? 'No more results.' : `No stored articles match "${results.query}".`, 'Try fewer or other words, or a longer window (e.g. 30d).'], tone: 'warning' };
  }
  const items: ReplyItem[] = results.hits.map((hit) => ({
    title: hit.title,
    url: hit.url,
    meta: joinMeta([hit.source, shortDate(hit.publishedAt), `id ${hit.articleId}`]),
    text: hit.snippet,
  }));
  const shown = `${offset + 1}–${offset + results.hits.length} of ${results.total}`;
  return { title: `Search: ${results.query}`, items, note: `Results ${shown}. Open one with /article ID.`, buttons: more ? [more] : undefined };
}
