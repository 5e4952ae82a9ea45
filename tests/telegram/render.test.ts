import { describe, expect, it } from 'vitest';
import { htmlToPlainText, splitHtml, visibleLength } from '../../adapters/telegram/html.ts';
import { renderBreaking, renderBriefing, renderReply, replyToHtml } from '../../adapters/telegram/render.ts';
import type { Reply } from '../../commands/reply.ts';
import { emptyBriefing } from '../fakes/command-deps.ts';
import { parseTelegramHtml } from '../fakes/telegram-html.ts';

const hostile = 'Breaking <script>alert(1)</script> & co: *bold*_under_[link](x) @everyone </b> &amp; "q"';

function parsed(html: string) {
  const result = parseTelegramHtml(html);
  if (!result.ok) throw new Error(`${result.error}\n${html}`);
  return result;
}

describe('telegram rendering', () => {
  it('escapes untrusted text so it parses and reads literally', () => {
    const reply: Reply = {
      title: hostile,
      paragraphs: [hostile],
      items: [{ title: hostile, url: 'https://example.com/a?x=1&y="2"', meta: hostile, sentences: [{ text: hostile, citations: [1] }] }],
      citations: [{ n: 1, articleId: 'a1', title: hostile, source: '<Outlet & Co>', url: 'javascript:alert(1)' }],
      note: hostile,
    };
    const result = parsed(replyToHtml(reply));
    expect(result.text.split(hostile).length - 1).toBe(7);
    expect(result.text).toContain('<Outlet & Co>');
    const links = result.entities.filter((entity) => entity.type === 'text_link').map((entity) => entity.url);
    expect(links).toContain('https://example.com/a?x=1&y=%222%22');
    expect(links.some((url) => url?.startsWith('javascript'))).toBe(false);
  });

  it('splits long replies under the limit on story boundaries without breaking tags', () => {
    const items = Array.from({ length: 40 }, (_, index) => ({
      title: `Story ${index} <&>`,
      url: `https://example.com/${index}`,
      sentences: [{ text: `Sentence ${index} `.repeat(20).trim() + '.', citations: [index + 1] }],
    }));
    const citations = items.map((item, index) => ({ n: index + 1, articleId: `a${index}`, title: item.title, source: 'Outlet', url: item.url }));
    const reply: Reply = { title: 'Long', items, citations, buttons: [{ label: 'More', command: 'brief', args: 'page:abc' }] };
    const parts = renderReply(reply);
    expect(parts.length).toBeGreaterThan(2);
    const texts = parts.map((part) => parsed(part.text).text);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    // Every part after the first starts at a story or block start, not mid-sentence.
    for (const text of texts.slice(1)) expect(text).toMatch(/^(\d+\. Story|Sources|\[\d+\])/);
    expect(texts.join('\n\n').replace(/\s+/g, ' ')).toBe(htmlToPlainText(replyToHtml(reply)).replace(/\s+/g, ' '));
    expect(parts.at(-1)!.buttons).toHaveLength(1);
    // Forty sources fold away in an expandable quote, reopened in every part it spans.
    const folded = parts.map((part) => parsed(part.text).entities.filter((entity) => entity.type === 'expandable_blockquote'));
    expect(folded.at(-1)!.length).toBe(1);
    expect(texts.at(-1)!).toContain('[40] Story 39 <&> — Outlet');
    expect(parts.slice(0, -1).every((part) => part.buttons === undefined)).toBe(true);
  });

  it('keeps every message under Telegram\'s entity budget, so no link is silently dropped', () => {
    // One story citing 150 sources: a single block with far more links than one message may carry.
    const citations = Array.from({ length: 150 }, (_, index) => ({ n: index + 1, articleId: `a${index}`, title: `T${index}`, source: 'S', url: `https://e.example/${index}` }));
    const reply: Reply = { items: [{ title: 'Big', sentences: citations.map((citation) => ({ text: 'Short.', citations: [citation.n] })) }], citations };
    const parts = renderReply(reply);
    let links = 0;
    for (const part of parts) {
      const result = parsed(part.text);
      expect(result.entities.length).toBeLessThanOrEqual(100);
      links += result.entities.filter((entity) => entity.type === 'text_link').length;
    }
    expect(parts.length).toBeGreaterThan(3);
    expect(links).toBe(300);
  });

  it('splits a single huge paragraph inside tags, closing and reopening them', () => {
    const html = `<b>${'word &amp; '.repeat(1000)}</b>`;
    const parts = splitHtml(html, { chars: 1000 });
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(visibleLength(part)).toBeLessThanOrEqual(1000);
      expect(part.startsWith('<b>') && part.endsWith('</b>')).toBe(true);
      parsed(part);
    }
    expect(parts.map(htmlToPlainText).join(' ').replace(/\s+/g, ' ').trim()).toBe(htmlToPlainText(html).trim());
  });

  it('never cuts a surrogate pair or an entity, even without spaces', () => {
    const html = `${'😀&lt;'.repeat(3000)}`;
    const parts = splitHtml(html);
    for (const part of parts) {
      const text = parsed(part).text;
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(/[\ud800-\udbff]$/.test(text)).toBe(false);
    }
    expect(parts.map(htmlToPlainText).join('')).toBe(htmlToPlainText(html));
  });

  it('renders digests and breaking updates as parseable HTML', () => {
    const briefing = emptyBriefing({
      title: 'Morning <digest>',
      items: [{ headline: 'Ferry strike & port', sentences: [{ text: 'Ferries stop.', citations: [1] }], citations: [1], articleIds: ['a1'], sources: ['Harbor Ledger'] }],
      citations: [{ n: 1, articleId: 'a1', title: 'Ferry strike', source: 'Harbor Ledger', url: 'https://harbor.example/f' }],
    });
    const [digest] = renderBriefing(briefing);
    expect(parsed(digest!).text).toContain('Ferry strike & port');
    const [update] = renderBreaking({ id: 'u1', text: 'Dam <breach> & flood', requestedBy: { platform: 'telegram', userId: '1', chatId: '1' }, createdAt: '2026-11-25T08:00:00Z' });
    expect(parsed(update!).text).toContain('Dam <breach> & flood');
  });
});
