import type { Citation } from './citation.ts';

/** One sentence of a briefing, taken from (or, with an LLM, checked against) the articles it cites. */
export interface BriefingSentence {
  text: string;
  /** Citation numbers (`Citation.n`) of the articles this sentence came from. */
  citations: number[];
}

/** One story: the same event, possibly reported by several outlets. */
export interface BriefingItem {
  headline: string;
  sentences: BriefingSentence[];
  /** Citation numbers of every article grouped into this story. */
  citations: number[];
  articleIds: string[];
  /** Distinct outlets that reported the story. */
  sources: string[];
  /** Latest publication time among the story's articles (ISO 8601). */
  publishedAt?: string | undefined;
  /**
   * Set in a scheduled digest when this story already reached the chat as a breaking
   * update: renderers show the headline only, so the story is not repeated.
   */
  sentAsBreaking?: boolean | undefined;
}

/**
 * A platform-neutral briefing: adapters render it (embeds, HTML, plain text) but never
 * change what it says.
 */
export interface Briefing {
  title: string;
  generatedAt: string;
  /** Time window the briefing covers (ISO 8601). */
  since?: string | undefined;
  until?: string | undefined;
  topics?: string[] | undefined;
  items: BriefingItem[];
  citations: Citation[];
  /** How many stored articles were considered. */
  articleCount: number;
  /** Why it is empty or shorter than asked, or which engine wrote it ("local summary"). */
  note?: string | undefined;
}
