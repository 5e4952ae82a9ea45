/**
 * A numbered reference to a stored article. Every sentence a reader sees points at one
 * or more of these, and every one points at an article in the store.
 */
export interface Citation {
  /** 1-based number shown to readers as [n]; unique within one briefing or answer. */
  n: number;
  articleId: string;
  title: string;
  source: string;
  url?: string | undefined;
  publishedAt?: string | undefined;
}
