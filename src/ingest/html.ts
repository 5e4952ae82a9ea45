import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { UserError } from '../errors.ts';
import { singleLine } from '../text/normalize.ts';

const blockTags = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3',
  'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);
const skippedTags = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'CANVAS', 'BUTTON', 'FORM', 'INPUT', 'SELECT', 'TEXTAREA']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/**
 * Plain text of an HTML fragment with its paragraph structure: block elements become
 * blank-line separated paragraphs, `<br>` a line break, list items their own lines.
 * Scripts, styles and forms are dropped; the result is data, never markup.
 */
export function htmlToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      out.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.nodeName.toUpperCase();
    if (skippedTags.has(tag)) return;
    if (tag === 'BR') {
      out.push('\n');
      return;
    }
    const block = blockTags.has(tag);
    if (block) out.push('\n\n');
    if (tag === 'LI') out.push('- ');
    for (let i = 0; i < node.childNodes.length; i += 1) walk(node.childNodes[i]!);
    if (block) out.push('\n\n');
  };
  walk(document.body as unknown as DomNode);
  return out
    .join('')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n'))
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

export interface ExtractedPage {
  title: string;
  text: string;
  siteName?: string | undefined;
  byline?: string | undefined;
  publishedAt?: string | undefined;
  /** The page's own canonical link, when it declares one. */
  canonicalUrl?: string | undefined;
}

type PageDocument = ReturnType<typeof parseHTML>['document'];

function meta(document: PageDocument, ...names: string[]): string | undefined {
  for (const name of names) {
    const element = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const content = element?.getAttribute('content');
    if (content && content.trim()) return content.trim();
  }
  return undefined;
}

/**
 * The main article of a web page (Mozilla Readability, as in Firefox Reader View),
 * with title, outlet, publication time and canonical link from the page's metadata.
 * Throws `UserError('no_article')` when the page has no readable article.
 */
export function extractArticleFromHtml(html: string, pageUrl?: string): ExtractedPage {
  const { document } = parseHTML(html);
  const canonicalHref = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  let canonicalUrl: string | undefined;
  try {
    canonicalUrl = canonicalHref ? new URL(canonicalHref, pageUrl).toString() : undefined;
  } catch {
    canonicalUrl = undefined;
  }
  const publishedAt = meta(document, 'article:published_time', 'og:published_time', 'datePublished', 'pubdate', 'date', 'dc.date', 'DC.date.issued');
  const siteName = meta(document, 'og:site_name', 'application-name');
  const metaTitle = meta(document, 'og:title', 'twitter:title');
  const parsed = new Readability(document as never, { charThreshold: 200 }).parse();
  const text = parsed?.content ? htmlToText(parsed.content) : '';
  if (!parsed || text.length < 80) {
    throw new UserError('no_article', 'The page has no readable article text (it may be an index page, a paywall or need JavaScript).');
  }
  const title = singleLine(metaTitle ?? parsed.title ?? '');
  return {
    title,
    text,
    siteName: siteName ?? parsed.siteName ?? undefined,
    byline: parsed.byline ?? undefined,
    publishedAt: publishedAt ?? parsed.publishedTime ?? undefined,
    canonicalUrl,
  };
}
