import type { Citation } from '../src/domain/citation.ts';

/** A sentence with the numbers of the sources it came from. */
export interface ReplySentence {
  text: string;
  citations: number[];
}

/** One entry of a reply: a story, a search hit, an article. All strings are plain text. */
export interface ReplyItem {
  title: string;
  /** Link for the title: only ever a stored article URL. */
  url?: string | undefined;
  /** One line of context: outlet, date, number of sources. */
  meta?: string | undefined;
  sentences?: ReplySentence[] | undefined;
  /** A snippet or body without citations. */
  text?: string | undefined;
}

/**
 * A button that runs a command when pressed (as the person who pressed it). `args` is
 * short (Telegram callback data is at most 64 bytes), e.g. a page token.
 */
export interface ReplyButton {
  label: string;
  command: string;
  args: string;
}

/**
 * What a command answers, for every platform: plain-text parts with citations.
 * Adapters decide markup, escaping, embeds and splitting; they never change the content.
 */
export interface Reply {
  title?: string | undefined;
  paragraphs?: string[] | undefined;
  /** A verbatim quote from a source, with its citations. */
  quote?: ReplySentence | undefined;
  items?: ReplyItem[] | undefined;
  /** The numbered sources the reply cites, listed at the end. */
  citations?: Citation[] | undefined;
  buttons?: ReplyButton[] | undefined;
  /** Small print: how it was made, what was left out. */
  note?: string | undefined;
  tone?: 'normal' | 'error' | 'warning' | 'success' | undefined;
  /** Only the caller should see it, where the platform can (Discord ephemeral). */
  private?: boolean | undefined;
}

/** A reply of one or more plain paragraphs. */
export function message(text: string | string[], extra: Partial<Reply> = {}): Reply {
  return { paragraphs: Array.isArray(text) ? text : [text], ...extra };
}

/** An error the caller can act on, shown only to them where possible. */
export function errorReply(text: string, hint?: string): Reply {
  return { paragraphs: hint ? [text, hint] : [text], tone: 'error', private: true };
}
