/** What a source hands to the store: one candidate article, not yet cleaned or deduplicated. */
export interface ArticleInput {
  title: string;
  text: string;
  url?: string | undefined;
  /** Outlet name ("Reuters", "kyivindependent.com"); derived from the URL host when missing. */
  source?: string | undefined;
  /** ISO 8601 publication time, when the source knows it. */
  publishedAt?: string | undefined;
  /** The feed (source id) this article came from, if any. */
  feedId?: string | undefined;
}

/** Another place the same story was seen: a duplicate URL or a near-duplicate copy. */
export interface ArticleAlias {
  url?: string | undefined;
  source?: string | undefined;
  kind: 'url' | 'content' | 'near';
  seenAt: string;
}

/** The searchable, listable part of an article, small enough to keep in memory for every article. */
export interface ArticleMeta {
  id: string;
  title: string;
  url?: string | undefined;
  source: string;
  publishedAt?: string | undefined;
  ingestedAt: string;
  feedId?: string | undefined;
  /** SHA-256 of the normalised text: exact duplicates share it. */
  contentHash: string;
  /** MinHash signature (base64 of uint32s) for near-duplicate detection. */
  signature: string;
  aliases?: ArticleAlias[] | undefined;
}

/** A stored article: cleaned text, paragraphs separated by a blank line. */
export interface Article extends ArticleMeta {
  text: string;
}

/** When the article happened, as best known: publication time, else ingestion time. */
export function articleTime(article: Pick<ArticleMeta, 'publishedAt' | 'ingestedAt'>): number {
  const published = article.publishedAt ? Date.parse(article.publishedAt) : Number.NaN;
  return Number.isNaN(published) ? Date.parse(article.ingestedAt) : published;
}
