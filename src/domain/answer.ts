import type { Citation } from './citation.ts';

/** An answer to a question about stored news, or an honest abstention. */
export interface Answer {
  question: string;
  abstained: boolean;
  /** A short answer (a name, a date, a number, a phrase); absent when abstaining. */
  answer?: string | undefined;
  /** The supporting sentence(s), verbatim from the cited article. */
  quote?: string | undefined;
  citations: Citation[];
  /** Why the engine abstained, or a note for the reader ("answered locally"). */
  note?: string | undefined;
  /** A search the reader could try instead, when abstaining. */
  suggestedSearch?: string | undefined;
}

/** One search result. */
export interface SearchHit {
  articleId: string;
  title: string;
  source: string;
  url?: string | undefined;
  publishedAt?: string | undefined;
  /** Text around the matched terms, verbatim from the article. */
  snippet: string;
  score: number;
}

export interface SearchResults {
  query: string;
  total: number;
  hits: SearchHit[];
}
