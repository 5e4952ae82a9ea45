import type { Citation } from '../../src/domain/citation.ts';
import type { BreakingUpdate } from '../../src/domain/breaking.ts';
import type { Briefing } from '../../src/domain/briefing.ts';
import { briefingReply, shortDate } from '../../commands/present.ts';
import type { Reply, ReplyButton, ReplySentence } from '../../commands/reply.ts';
import { escapeHtml, link, splitHtml, type SplitLimits } from './html.ts';

/** One message to send: HTML text and, on the last part only, the reply's buttons. */
export interface TelegramMessagePart {
  text: string;
  buttons?: ReplyButton[] | undefined;
}

const toneMarks: Readonly<Record<NonNullable<Reply['tone']>, string>> = { normal: '', error: '⚠️ ', warning: 'ℹ️ ', success: '✅ ' };

function citationMarks(numbers: readonly number[], byNumber: ReadonlyMap<number, Citation>): string {
  return numbers.map((n) => ` ${link(byNumber.get(n)?.url, `[${n}]`)}`).join('');
}

function sentence(part: ReplySentence, byNumber: ReadonlyMap<number, Citation>): string {
  return `${escapeHtml(part.text)}${citationMarks(part.citations, byNumber)}`;
}

function sourceLine(citation: Citation): string {
  const date = shortDate(citation.publishedAt);
  const source = `${escapeHtml(citation.source)}${date ? `, ${escapeHtml(date)}` : ''}`;
  return `[${citation.n}] ${link(citation.url, escapeHtml(citation.title))} — ${source}`;
}

/**
 * A reply as Telegram HTML: every string escaped, links only from http(s) URLs, blocks
 * separated by blank lines so splitting prefers story boundaries.
 */
export function replyToHtml(reply: Reply): string {
  const byNumber = new Map((reply.citations ?? []).map((citation) => [citation.n, citation]));
  const blocks: string[] = [];
  const mark = toneMarks[reply.tone ?? 'normal'];
  if (reply.title) blocks.push(`${mark}<b>${escapeHtml(reply.title)}</b>`);
  (reply.paragraphs ?? []).forEach((paragraph, index) => blocks.push(`${index === 0 && !reply.title ? mark : ''}${escapeHtml(paragraph)}`));
  if (reply.quote) blocks.push(`<blockquote>“${escapeHtml(reply.quote.text)}”${citationMarks(reply.quote.citations, byNumber)}</blockquote>`);
  (reply.items ?? []).forEach((item, index) => {
    const lines = [`<b>${index + 1}. ${link(item.url, escapeHtml(item.title))}</b>`];
    if (item.meta) lines.push(`<i>${escapeHtml(item.meta)}</i>`);
    if (item.sentences?.length) lines.push(item.sentences.map((part) => sentence(part, byNumber)).join(' '));
    if (item.text) lines.push(escapeHtml(item.text));
    blocks.push(lines.join('\n'));
  });
  if (reply.citations?.length) {
    const lines = reply.citations.map(sourceLine).join('\n');
    // A long source list folds away (Telegram's expandable quote) instead of burying the stories.
    blocks.push(`<b>Sources</b>\n${reply.citations.length > 3 ? `<blockquote expandable>${lines}</blockquote>` : lines}`);
  }
  if (reply.note) blocks.push(`<i>${escapeHtml(reply.note)}</i>`);
  return blocks.join('\n\n');
}

/** A reply as one or more messages within Telegram's limit; buttons ride on the last one. */
export function renderReply(reply: Reply, limits: Partial<SplitLimits> = {}): TelegramMessagePart[] {
  const texts = splitHtml(replyToHtml(reply), limits);
  if (texts.length === 0) texts.push('(empty reply)');
  return texts.map((text, index) => ({ text, buttons: index === texts.length - 1 && reply.buttons?.length ? reply.buttons : undefined }));
}

/** A scheduled digest: the same briefing reply the commands show, without buttons. */
export function renderBriefing(briefing: Briefing, limits: Partial<SplitLimits> = {}): string[] {
  return renderReply({ ...briefingReply(briefing), buttons: undefined }, limits).map((part) => part.text);
}

/** A moderator's breaking update as delivered to subscribed chats. */
export function renderBreaking(update: BreakingUpdate, limits: Partial<SplitLimits> = {}): string[] {
  const reply: Reply = {
    title: `🔴 Breaking${update.source ? ` · ${update.source}` : ''}`,
    paragraphs: update.url ? undefined : [update.text],
    items: update.url ? [{ title: update.text, url: update.url, meta: update.title && update.title !== update.text ? update.title : undefined }] : undefined,
  };
  return renderReply(reply, limits).map((part) => part.text);
}
