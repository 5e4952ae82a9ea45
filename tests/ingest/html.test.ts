import { describe, expect, it } from 'vitest';
import { extractArticleFromHtml, htmlToText } from '../../src/ingest/html.ts';
import { UserError } from '../../src/errors.ts';

const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the report describes how negotiators in Geneva worked through the night on the draft text, according to two officials.</p>`).join('\n');

describe('htmlToText', () => {
  it('keeps paragraphs and list items, drops scripts and entities decode', () => {
    const text = htmlToText('<p>One &amp; two</p><script>alert(1)</script><ul><li>first</li><li>second</li></ul>Line<br>break');
    expect(text).toBe('One & two\n\n- first\n\n- second\n\nLine\nbreak');
  });
});

describe('extractArticleFromHtml', () => {
  it('finds the article, its title, outlet, date and canonical link, without navigation', () => {
    const html = `<!doctype html><html><head><title>Talks in Geneva | Example Times</title>
      <meta property="og:site_name" content="Example Times">
      <meta property="article:published_time" content="2026-11-20T09:30:00Z">
      <link rel="canonical" href="/world/geneva-talks"></head>
      <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Talks in Geneva</h1>${body}</article>
      <footer>© Example Times. All rights reserved.</footer></body></html>`;
    const page = extractArticleFromHtml(html, 'https://example.com/world/geneva-talks?utm_source=x');
    expect(page.title).toContain('Talks in Geneva');
    expect(page.siteName).toBe('Example Times');
    expect(page.publishedAt).toBe('2026-11-20T09:30:00Z');
    expect(page.canonicalUrl).toBe('https://example.com/world/geneva-talks');
    expect(page.text).toContain('Paragraph 6 of the report');
    expect(page.text).not.toContain('All rights reserved');
    expect(page.text.split('\n\n').length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a page without an article', () => {
    expect(() => extractArticleFromHtml('<html><body><a href="/">Home</a></body></html>')).toThrow(UserError);
  });
});
