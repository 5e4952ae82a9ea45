import { describe, expect, it } from 'vitest';
import { isItemError, parseFeed, sniffFeed } from '../../src/ingest/feed.ts';
import { atomFeed, feedItems, jsonFeed, rssFeed } from '../fixtures/feeds.ts';
import type { ArticleInput } from '../../src/domain/article.ts';

const articles = (items: ReturnType<typeof parseFeed>['items']) => items.filter((item): item is ArticleInput => !isItemError(item));

describe('parseFeed', () => {
  it.each([
    ['RSS 2.0', rssFeed(feedItems), 'Example Wire'],
    ['Atom', atomFeed(feedItems), 'Atom Daily'],
    ['JSON Feed', jsonFeed(feedItems), 'JSON Times'],
  ])('reads %s with full content, links, dates and outlet', (_name, body, outlet) => {
    const feed = parseFeed(body);
    const items = articles(feed.items);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ title: 'Rail strike ends after pay deal', url: 'https://wire.example/rail-strike', source: outlet });
    expect(Date.parse(items[0]!.publishedAt!)).toBe(Date.parse('2026-11-20T07:00:00Z'));
    // Full content, not the teaser, with paragraphs kept.
    expect(items[0]!.text).toBe('Officials said the rail plan would move ahead next week after months of debate among regional governments and unions.\n\nCritics warned that the rail costs were still unclear.');
  });

  it('reports an item without text beside the good ones', () => {
    const body = rssFeed(feedItems).replace(/<item><title>Harbour[\s\S]*?<\/item>/, '<item><title>Only a title</title><link>https://wire.example/x</link></item>');
    const feed = parseFeed(body);
    expect(articles(feed.items)).toHaveLength(2);
    expect(feed.items.filter(isItemError)).toEqual([{ index: 1, title: 'Only a title', error: 'The feed item has no text (only a title).' }]);
  });

  it('salvages the good items when one item breaks the XML', () => {
    const body = rssFeed(feedItems).replace('<title>Harbour expansion approved</title>', '<title>Harbour <b>expansion</title>');
    const feed = parseFeed(body);
    expect(articles(feed.items).map((item) => item.title)).toEqual(['Rail strike ends after pay deal', 'Museum reopens its east wing']);
    expect(feed.items.filter(isItemError)).toHaveLength(1);
    expect(feed.items.filter(isItemError)[0]!.error).toMatch(/not well-formed/);
  });

  it('treats a feed with no items as empty and a non-feed as an error', () => {
    expect(parseFeed('<rss version="2.0"><channel><title>Quiet</title></channel></rss>').items).toEqual([]);
    expect(() => parseFeed('<html><body>hello</body></html>')).toThrow(/Not a feed|no items/);
    expect(() => parseFeed('{"items": 3')).toThrow(/not valid JSON/);
  });

  it('sniffs feeds by their first bytes', () => {
    expect(sniffFeed(rssFeed(feedItems))).toBe('xml');
    expect(sniffFeed(atomFeed(feedItems))).toBe('xml');
    expect(sniffFeed(jsonFeed(feedItems))).toBe('json');
    expect(sniffFeed('<!doctype html><html></html>')).toBeUndefined();
  });
});
