import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import type { ArticleInput } from '../domain/article.ts';
import { singleLine } from '../text/normalize.ts';
import { hostSource } from './canonical-url.ts';
import { htmlToText } from './html.ts';

/** One item of a batch that could not become an article, with where it was and why. */
export interface ItemError {
  error: string;
  /** 0-based position in the feed or line number in a JSONL file. */
  index?: number | undefined;
  title?: string | undefined;
}

export interface ParsedFeed {
  title?: string | undefined;
  link?: string | undefined;
  items: Array<ArticleInput | ItemError>;
}

export function isItemError(item: ArticleInput | ItemError): item is ItemError {
  return 'error' in item;
}

type Raw = Record<string, unknown>;

/** fast-xml-parser gives an element with attributes as `{ '#text': …, '@_type': … }`. */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object') return textOf((value as Raw)['#text']);
  return '';
}

/** The fullest body a feed entry carries, in order of preference, as HTML or text. */
function bodyOf(raw: Raw): string {
  const candidates = ['content:encoded', 'content', 'content_html', 'description', 'summary', 'content_text'];
  let best = '';
  for (const key of candidates) {
    const value = textOf(raw[key]);
    if (value.trim().length > best.trim().length) best = value;
  }
  return best;
}

function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][\s\S]*?>|&[a-z]+;|&#\d+;/i.test(text);
}

function toArticle(entry: { title?: string; link?: string; published?: string; raw: Raw }, index: number, feedTitle: string | undefined, feedUrl: string | undefined): ArticleInput | ItemError {
  const body = bodyOf(entry.raw);
  const text = looksLikeHtml(body) ? htmlToText(body) : body;
  const title = singleLine(entry.title ?? '');
  const link = entry.link && entry.link.trim() ? entry.link.trim() : undefined;
  if (!title && !text.trim()) return { index, error: 'The feed item has neither a title nor any text.' };
  if (!text.trim()) return { index, title, error: 'The feed item has no text (only a title).' };
  return {
    // Micro-posts often have no title; their first words serve as one.
    title: title || singleLine(text).slice(0, 90),
    text,
    url: link,
    source: feedTitle || hostSource(link) || hostSource(feedUrl),
    publishedAt: entry.published || undefined,
  };
}

const extraEntryFields = (raw: unknown) => ({ raw: raw as Raw });

function fromNormalized(result: { title?: string; link?: string; entries?: Array<{ title?: string; link?: string; published?: string; raw?: Raw }> }, feedUrl: string | undefined): ParsedFeed {
  const title = singleLine(result.title ?? '') || undefined;
  const items = (result.entries ?? []).map((entry, index) => toArticle({ ...entry, raw: entry.raw ?? {} }, index, title, feedUrl));
  return { title, link: result.link || undefined, items };
}

/** The root element's opening tag (with its namespace declarations), to wrap salvaged items. */
function rootOpening(xml: string): { open: string; close: string; kind: 'rss' | 'atom' } | undefined {
  const rss = xml.match(/<rss\b[^>]*>/i);
  if (rss) return { open: `${rss[0]}<channel>`, close: '</channel></rss>', kind: 'rss' };
  const atom = xml.match(/<feed\b[^>]*>/i);
  if (atom) return { open: atom[0], close: '</feed>', kind: 'atom' };
  return undefined;
}

/**
 * When the document as a whole is not well-formed XML, parse each item on its own,
 * so one broken item costs only itself.
 */
function salvage(xml: string, feedUrl: string | undefined): ParsedFeed | undefined {
  const root = rootOpening(xml);
  if (root === undefined) return undefined;
  const tag = root.kind === 'rss' ? 'item' : 'entry';
  const chunks = xml.match(new RegExp(`<${tag}\\b[\\s\\S]*?</${tag}>`, 'gi')) ?? [];
  if (chunks.length === 0) return undefined;
  const head = xml.slice(0, xml.search(new RegExp(`<${tag}\\b`, 'i')));
  const title = singleLine((head.match(/<title\b[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '').replace(/<!\[CDATA\[|\]\]>/g, '')) || undefined;
  const items = chunks.map((chunk, index): ArticleInput | ItemError => {
    try {
      const parsed = fromNormalized(extractFromXml(`${root.open}<title>${title ?? ''}</title>${chunk}${root.close}`, { getExtraEntryFields: extraEntryFields, descriptionMaxLen: 0 }) as never, feedUrl);
      return parsed.items[0] ?? { index, error: 'The feed item is empty.' };
    } catch (error) {
      const itemTitle = singleLine(chunk.match(/<title\b[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '').slice(0, 120) || undefined;
      return { index, title: itemTitle, error: `The feed item is not well-formed XML (${error instanceof Error ? error.message : String(error)}).` };
    }
  });
  return { title, items: items.map((item, index) => (isItemError(item) ? { ...item, index } : item)) };
}

/**
 * Parses RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed into article inputs, keeping each
 * entry's full content (`content:encoded`, Atom `content`, `content_html`) as text.
 * Entries that cannot be articles come back as `ItemError`s beside the good ones.
 * Throws when the document is not a feed at all.
 */
export function parseFeed(body: string, options: { url?: string | undefined; json?: boolean } = {}): ParsedFeed {
  const trimmed = body.trim();
  if (options.json ?? trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`The JSON Feed is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
    if (typeof data !== 'object' || data === null || !Array.isArray((data as Raw).items)) {
      throw new Error('The JSON document is not a JSON Feed (it has no "items" list).');
    }
    return fromNormalized(extractFromJson(data as never, { getExtraEntryFields: extraEntryFields, baseUrl: options.url ?? '' }) as never, options.url);
  }
  try {
    return fromNormalized(extractFromXml(trimmed, { getExtraEntryFields: extraEntryFields, baseUrl: options.url ?? '', descriptionMaxLen: 0 }) as never, options.url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // An Atom feed with no entries is "unrecognised" to the library, but it is simply empty.
    if (/Unrecognized/.test(message) && /<feed\b/i.test(trimmed) && !/<entry\b/i.test(trimmed)) {
      return { title: singleLine(trimmed.match(/<title\b[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '') || undefined, items: [] };
    }
    if (/Unrecognized/.test(message) && /<channel\b/i.test(trimmed) && !/<item\b/i.test(trimmed)) {
      return { title: singleLine(trimmed.match(/<title\b[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '') || undefined, items: [] };
    }
    const salvaged = salvage(trimmed, options.url);
    if (salvaged !== undefined) return salvaged;
    throw new Error(/well-formed/.test(message) ? 'The feed is not well-formed XML and no items could be recovered.' : `Not a feed: ${message}.`, { cause: error });
  }
}

/** Whether a document is a feed, judged from its first bytes. */
export function sniffFeed(body: string): 'xml' | 'json' | undefined {
  const head = body.slice(0, 2048).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/i.test(head)) return 'xml';
  if (head.startsWith('{') && /"version"\s*:\s*"https:\/\/jsonfeed\.org\/version/.test(head)) return 'json';
  return undefined;
}
