import { describe, expect, it } from 'vitest';
import { cleanArticleText, cleanTitle, isBoilerplate } from '../../src/ingest/clean.ts';
import { cleanUrl, urlIdentity } from '../../src/ingest/canonical-url.ts';

describe('cleanArticleText', () => {
  it('drops navigation and share lines but keeps paragraphs', () => {
    const text = 'First paragraph of news.\n\nShare this article\n\nSecond paragraph, about cookies in a bakery that uses cookies.\n\nRead more\n\n← Back to News';
    expect(cleanArticleText(text)).toBe('First paragraph of news.\n\nSecond paragraph, about cookies in a bakery that uses cookies.');
  });

  it('rejoins hard-wrapped lines and keeps list items apart', () => {
    expect(cleanArticleText('A sentence that was\nwrapped at the margin\nby an editor.')).toBe('A sentence that was wrapped at the margin by an editor.');
    expect(cleanArticleText('Key points:\n- first point\n- second point')).toBe('Key points:\n\n- first point\n\n- second point');
  });

  it('normalises Unicode, odd spaces and invisible characters', () => {
    expect(cleanArticleText('Cafe\u0301\u00a0news\u200b here')).toBe('Café news here');
  });

  it('recognises common boilerplate only on short lines', () => {
    expect(isBoilerplate('We use cookies to improve your experience. Accept cookies')).toBe(true);
    expect(isBoilerplate('Sign up for our free newsletter')).toBe(true);
    expect(isBoilerplate(`The minister said ${'the talks continue and '.repeat(10)}we use cookies.`)).toBe(false);
  });
});

describe('cleanTitle', () => {
  it('strips a site suffix only when the rest is a real headline', () => {
    expect(cleanTitle('Ukraine talks resume in Geneva | Reuters')).toBe('Ukraine talks resume in Geneva');
    expect(cleanTitle('Short - Title')).toBe('Short - Title');
  });
});

describe('canonical URLs', () => {
  it('removes tracking parameters and fragments but keeps meaningful query', () => {
    expect(cleanUrl('https://WWW.Example.com:443/a?utm_source=x&id=2&fbclid=y#top')).toBe('https://www.example.com/a?id=2');
    expect(cleanUrl('ftp://example.com/file')).toBeUndefined();
    expect(cleanUrl('not a url')).toBeUndefined();
  });

  it('gives one identity to the same page linked different ways', () => {
    const variants = ['https://www.example.com/story/?b=2&a=1', 'http://example.com/story?a=1&b=2&utm_medium=social', 'https://example.com/story?a=1&b=2#comments'];
    expect(new Set(variants.map(urlIdentity)).size).toBe(1);
    expect(urlIdentity('https://example.com/story?a=2')).not.toBe(urlIdentity('https://example.com/story?a=1'));
  });
});
