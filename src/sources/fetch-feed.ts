import type { ArticleInput } from '../domain/article.ts';
import { UserError, errorMessage } from '../errors.ts';
import { decodeDocument } from '../ingest/decode.ts';
import { isItemError, parseFeed, sniffFeed, type ItemError } from '../ingest/feed.ts';
import type { DocumentFetcher } from '../ingest/fetcher.ts';
import type { ArticleStore } from '../store/article-store.ts';

export type FeedFetchResult =
  | { status: 'not_modified'; etag?: string | undefined; lastModified?: string | undefined; permanentUrl?: string | undefined }
  | {
      status: 'fetched';
      /** Where the feed moved, when it answered with permanent redirects only. */
      permanentUrl?: string | undefined;
      title?: string | undefined;
      items: Array<ArticleInput | ItemError>;
      finalUrl: string;
      etag?: string | undefined;
      lastModified?: string | undefined;
    };

/** The feed a web page announces with `<link rel="alternate" type="application/rss+xml" href="…">`. */
export function discoverFeedLink(html: string, pageUrl: string): string | undefined {
  for (const tag of html.slice(0, 200_000).match(/<link\b[^>]*>/gi) ?? []) {
    const attribute = (name: string) => tag.match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))?.slice(1).find((value) => value !== undefined);
    if (!/\balternate\b/i.test(attribute('rel') ?? '')) continue;
    if (!/^application\/(rss\+xml|atom\+xml|feed\+json)$/i.test(attribute('type')?.trim() ?? '')) continue;
    const href = attribute('href');
    if (!href) continue;
    try {
      return new URL(href.replace(/&amp;/g, '&'), pageUrl).href;
    } catch {
      continue;
    }
  }
  return undefined;
}

/**
 * Fetches a feed, conditionally when validators are given, and parses it. Throws a
 * `UserError` for a page that is not a feed (with `context.feedUrl` when the page names
 * its feed) and for a feed that cannot be read at all; single bad items come back as
 * `ItemError`s beside the good ones.
 */
export async function fetchFeed(url: string, fetcher: DocumentFetcher, validators: { etag?: string | undefined; lastModified?: string | undefined } = {}, signal?: AbortSignal): Promise<FeedFetchResult> {
  const document = await fetcher.fetch(url, { accept: 'feed', etag: validators.etag, lastModified: validators.lastModified, signal });
  if (document.status === 304) return { status: 'not_modified', etag: document.etag, lastModified: document.lastModified, permanentUrl: document.permanentUrl };
  const text = decodeDocument(document.body, document.contentType);
  const declared = document.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!sniffFeed(text) && (/html/.test(declared) || /^\s*<(!doctype html|html)\b/i.test(text))) {
    const feedUrl = discoverFeedLink(text, document.finalUrl);
    throw new UserError('not_a_feed', feedUrl ? `${url} is a web page, not a feed; the page names its feed: ${feedUrl}` : `${url} is a web page, not a feed (RSS, Atom or JSON Feed). Look for the site's RSS link.`, { context: { feedUrl } });
  }
  let parsed;
  try {
    parsed = parseFeed(text, { url: document.finalUrl });
  } catch (error) {
    throw new UserError('bad_feed', `${url}: ${errorMessage(error)}`, { cause: error });
  }
  return { status: 'fetched', title: parsed.title, items: parsed.items, finalUrl: document.finalUrl, permanentUrl: document.permanentUrl, etag: document.etag, lastModified: document.lastModified };
}

export interface StoredFeedItems {
  added: number;
  duplicates: number;
  /** Items that could not be stored, with why. */
  errors: string[];
}

/** Stores a feed's good items, marked with the feed's id; counts what happened to each. */
export async function storeFeedItems(items: ReadonlyArray<ArticleInput | ItemError>, feedId: string, store: ArticleStore): Promise<StoredFeedItems> {
  const inputs = items.filter((item): item is ArticleInput => !isItemError(item)).map((item) => ({ ...item, feedId }));
  const errors = items.filter(isItemError).map((item) => `item ${(item.index ?? 0) + 1}${item.title ? ` ("${item.title.slice(0, 60)}")` : ''}: ${item.error}`);
  const result: StoredFeedItems = { added: 0, duplicates: 0, errors };
  const outcomes = inputs.length > 0 ? await store.addMany(inputs) : [];
  outcomes.forEach((outcome, i) => {
    if (outcome instanceof Error) result.errors.push(`"${inputs[i]!.title.slice(0, 60)}": ${outcome.message}`);
    else if (outcome.status === 'added') result.added += 1;
    else result.duplicates += 1;
  });
  return result;
}
