import { basename, extname } from 'node:path';
import { marked } from 'marked';
import type { ArticleInput } from '../domain/article.ts';
import { UserError, errorMessage } from '../errors.ts';
import { singleLine } from '../text/normalize.ts';
import { parseFeed, sniffFeed, type ItemError } from './feed.ts';
import { extractArticleFromHtml, htmlToText } from './html.ts';

export type DocumentKind = 'text' | 'markdown' | 'html' | 'feed' | 'jsonl';

/** What one file, page or feed turned into: articles to store and items that could not be. */
export interface ParsedDocument {
  kind: DocumentKind;
  items: Array<ArticleInput | ItemError>;
  /** The feed's own title, when the document is a feed. */
  feedTitle?: string | undefined;
}

const extensionKinds: Readonly<Record<string, DocumentKind>> = {
  '.txt': 'text', '.text': 'text',
  '.md': 'markdown', '.markdown': 'markdown',
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.xml': 'feed', '.rss': 'feed', '.atom': 'feed', '.rdf': 'feed', '.json': 'feed',
  '.jsonl': 'jsonl', '.ndjson': 'jsonl',
};

export const supportedExtensions: readonly string[] = Object.keys(extensionKinds);

/** Decides what a document is: content first (a feed served as text/html is still a feed), then type and name. */
export function detectKind(body: string, hints: { fileName?: string | undefined; contentType?: string | undefined }): DocumentKind {
  if (sniffFeed(body)) return 'feed';
  const type = hints.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && /(rss|atom|feed)\+?xml|application\/xml|text\/xml|feed\+json/.test(type)) return 'feed';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown') return 'markdown';
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return 'jsonl';
  const byName = hints.fileName ? extensionKinds[extname(hints.fileName).toLowerCase()] : undefined;
  if (byName) return byName;
  if (/^\s*<(!doctype html|html|head|body)\b/i.test(body)) return 'html';
  return 'text';
}

/** First non-empty line is the title; the rest is the body (as in a scraped-article text file). */
export function parsePlainText(body: string, fileName?: string): ArticleInput {
  const lines = body.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim().length > 0);
  if (first === -1) throw new UserError('empty', 'The file is empty.');
  const title = singleLine(lines[first]!.replace(/^(title|headline)\s*:\s*/i, ''));
  const text = lines.slice(first + 1).join('\n');
  return { title: title || (fileName ? basename(fileName, extname(fileName)) : ''), text };
}

/** Simple `key: value` front matter between `---` lines (title, url, source, date). */
function frontMatter(body: string): { fields: Record<string, string>; rest: string } {
  const match = body.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n/);
  if (!match) return { fields: {}, rest: body };
  const fields: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const pair = line.match(/^([A-Za-z_]+)\s*:\s*(.*)$/);
    if (pair) fields[pair[1]!.toLowerCase()] = pair[2]!.trim().replace(/^["']|["']$/g, '');
  }
  return { fields, rest: body.slice(match[0].length) };
}

/** Markdown through `marked` to HTML, then to text; title from front matter, the first heading or line. */
export function parseMarkdown(body: string, fileName?: string): ArticleInput {
  const { fields, rest } = frontMatter(body.replace(/^\uFEFF/, ''));
  let markdown = rest;
  let title = fields.title;
  if (!title) {
    const heading = markdown.match(/^\s*#{1,2}\s+(.+?)\s*#*\s*$/m);
    const firstLine = markdown.split(/\r?\n/).find((line) => line.trim().length > 0);
    if (heading && firstLine?.trim().startsWith('#')) {
      title = heading[1];
      markdown = markdown.replace(heading[0], '');
    } else if (firstLine) {
      title = firstLine.replace(/^[#>*\s-]+/, '');
      markdown = markdown.replace(firstLine, '');
    }
  }
  const html = marked.parse(markdown, { async: false, gfm: true });
  return {
    title: singleLine(htmlToText(title ?? '')) || (fileName ? basename(fileName, extname(fileName)) : ''),
    text: htmlToText(html),
    url: fields.url ?? fields.link,
    source: fields.source ?? fields.outlet,
    publishedAt: fields.date ?? fields.published ?? fields.publishedat,
  };
}

const jsonlFields = ['title', 'text', 'url', 'source', 'publishedAt'] as const;

/** One JSON object per line: `{"title","text","url"?,"source"?,"publishedAt"?}`. Bad lines become errors with their line number. */
export function parseJsonl(body: string): Array<ArticleInput | ItemError> {
  const out: Array<ArticleInput | ItemError> = [];
  body.split(/\r?\n/).forEach((line, i) => {
    if (line.trim().length === 0) return;
    const index = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      out.push({ index, error: `Line ${index} is not valid JSON (${errorMessage(error)}).` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({ index, error: `Line ${index} is not a JSON object.` });
      return;
    }
    const record = value as Record<string, unknown>;
    const wrong = jsonlFields.filter((key) => record[key] !== undefined && record[key] !== null && typeof record[key] !== 'string');
    if (wrong.length > 0) {
      out.push({ index, error: `Line ${index}: ${wrong.map((key) => `"${key}"`).join(', ')} must be a string.` });
      return;
    }
    if (typeof record.text !== 'string' || typeof record.title !== 'string') {
      out.push({ index, title: typeof record.title === 'string' ? record.title : undefined, error: `Line ${index} needs "title" and "text".` });
      return;
    }
    out.push({
      title: record.title,
      text: record.text,
      url: (record.url as string | undefined) ?? undefined,
      source: (record.source as string | undefined) ?? undefined,
      publishedAt: (record.publishedAt as string | undefined) ?? undefined,
    });
  });
  return out;
}

/**
 * Turns one decoded document into article inputs, whatever it is: a text or Markdown
 * file, an HTML page (main text by Readability), a feed, or a JSONL batch.
 */
export function parseDocument(body: string, hints: { fileName?: string | undefined; contentType?: string | undefined; url?: string | undefined }): ParsedDocument {
  const kind = detectKind(body, hints);
  switch (kind) {
    case 'feed': {
      const feed = parseFeed(body, { url: hints.url, json: body.trimStart().startsWith('{') });
      return { kind, items: feed.items, feedTitle: feed.title };
    }
    case 'jsonl':
      return { kind, items: parseJsonl(body) };
    case 'html': {
      const page = extractArticleFromHtml(body, hints.url);
      return {
        kind,
        items: [{ title: page.title, text: page.text, url: page.canonicalUrl ?? hints.url, source: page.siteName, publishedAt: page.publishedAt }],
      };
    }
    case 'markdown':
      return { kind, items: [parseMarkdown(body, hints.fileName)] };
    case 'text':
      return { kind, items: [parsePlainText(body, hints.fileName)] };
  }
}
