import { escapeMarkdown, type APIEmbed } from 'discord.js';
import type { Reply, ReplyButton, ReplySentence } from '../../commands/reply.ts';
import { shortDate } from '../../commands/present.ts';
import type { Citation } from '../../src/domain/citation.ts';
import { discordLimits, ephemeralFlag, truncate } from './limits.ts';

export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 3 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

/** One Discord message as the REST API takes it (channel message, interaction reply or follow-up). */
export interface DiscordMessageBody {
  content?: string | undefined;
  embeds: APIEmbed[];
  components?: DiscordActionRow[] | undefined;
  allowed_mentions: { parse: string[] };
  flags?: number | undefined;
}

export interface RenderOptions {
  /** The custom_id for a reply button, or undefined to leave it out (e.g. too long). */
  buttonId?: ((button: ReplyButton) => string | undefined) | undefined;
  /** custom_id of a "Sources" button that lists every source on request. */
  sourcesButtonId?: string | undefined;
  /** Only the caller sees the messages (ephemeral). */
  private?: boolean | undefined;
}

const colors = { normal: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 } as const;

/** Article text is untrusted: control characters go, markdown is escaped so it shows as written. */
export function plain(text: string): string {
  const cleaned = text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return escapeMarkdown(cleaned, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}

function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
  } catch {
    return undefined;
  }
}

/** A masked link `[text](url)`, or the escaped text alone when there is no usable URL. */
export function link(text: string, url: string | undefined, maxText = 200): string {
  const target = safeUrl(url);
  const label = plain(truncate(text, maxText));
  return target ? `[${label.replace(/[[\]]/g, (bracket) => `\\${bracket}`)}](${target})` : label;
}

function citationMarks(numbers: readonly number[], byNumber: ReadonlyMap<number, Citation>): string {
  return numbers.map((n) => ` ${link(`[${n}]`, byNumber.get(n)?.url)}`).join('');
}

function sentenceText(sentence: ReplySentence, byNumber: ReadonlyMap<number, Citation>): string {
  return `${plain(sentence.text)}${citationMarks(sentence.citations, byNumber)}`;
}

/** A block is kept in one embed when it fits; otherwise it breaks between its atoms. */
interface Block {
  atoms: string[];
  /** What joins the atoms: a space inside a paragraph, a newline in a list. */
  joiner: string;
}

function sourceLine(citation: Citation): string {
  const date = shortDate(citation.publishedAt);
  return `\\[${citation.n}\\] ${link(citation.title, citation.url)} — ${plain(citation.source)}${date ? `, ${date}` : ''}`;
}

/** The sources of a reply as list lines, for the embed or the "Sources" button. */
export function sourceBlock(citations: readonly Citation[]): Block {
  return { atoms: ['**Sources**', ...citations.map(sourceLine)], joiner: '\n' };
}

function replyBlocks(reply: Reply): Block[] {
  const byNumber = new Map((reply.citations ?? []).map((citation) => [citation.n, citation]));
  const blocks: Block[] = [];
  for (const paragraph of reply.paragraphs ?? []) blocks.push({ atoms: paragraph.split(/(?<=[.!?])\s+/).map(plain), joiner: ' ' });
  if (reply.quote) blocks.push({ atoms: [`> “${plain(reply.quote.text)}”${citationMarks(reply.quote.citations, byNumber)}`], joiner: ' ' });
  (reply.items ?? []).forEach((item, index) => {
    const head = [`**${index + 1}. ${link(item.title, item.url)}**`, ...(item.meta ? [`*${plain(item.meta)}*`] : [])].join('\n');
    const body = [...(item.sentences ?? []).map((sentence) => sentenceText(sentence, byNumber)), ...(item.text ? item.text.split(/(?<=[.!?])\s+/).map(plain) : [])];
    blocks.push({ atoms: body.length > 0 ? [`${head}\n${body[0]}`, ...body.slice(1)] : [head], joiner: ' ' });
  });
  if (reply.citations?.length) blocks.push(sourceBlock(reply.citations));
  return blocks;
}

/** Splits text longer than `max` at spaces (or hard, for a single long word). */
function chunks(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

function embedSize(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
}

/**
 * Packs blocks into embeds and embeds into messages: each description ≤ 4096, each message's
 * embeds ≤ 6000 together and ≤ 10. `reserve` keeps room in every message for the footer.
 */
function pack(blocks: readonly Block[], first: { title?: string | undefined }, reserve: number, color: number): APIEmbed[][] {
  const messages: APIEmbed[][] = [[]];
  let embed: APIEmbed = { color, ...(first.title ? { title: first.title } : {}) };
  const currentMessage = () => messages[messages.length - 1]!;
  const used = () => currentMessage().reduce((sum, done) => sum + embedSize(done), 0);
  const room = () => Math.min(discordLimits.embedDescription - (embed.description?.length ?? 0), discordLimits.embedTotal - reserve - used() - embedSize(embed));
  const closeEmbed = () => {
    if (embed.title === undefined && embed.description === undefined) return;
    currentMessage().push(embed);
    embed = { color };
  };
  const fresh = () => {
    closeEmbed();
    if (currentMessage().length >= discordLimits.embedsPerMessage || discordLimits.embedTotal - reserve - used() < 500) messages.push([]);
  };
  const append = (text: string, separator: string): boolean => {
    const addition = embed.description ? separator + text : text;
    if (addition.length > room()) return false;
    embed.description = (embed.description ?? '') + addition;
    return true;
  };
  const freshRoom = () => Math.min(discordLimits.embedDescription, discordLimits.embedTotal - reserve);
  for (const block of blocks) {
    const whole = block.atoms.join(block.joiner);
    if (append(whole, '\n\n')) continue;
    if (whole.length <= freshRoom()) {
      fresh();
      if (!append(whole, '\n\n')) {
        messages.push([]);
        append(whole, '\n\n');
      }
      continue;
    }
    let separator = '\n\n';
    for (const atom of block.atoms.flatMap((piece) => chunks(piece, freshRoom() - 2))) {
      if (!append(atom, separator)) {
        fresh();
        if (!append(atom, '')) {
          messages.push([]);
          append(atom, '');
        }
      }
      separator = block.joiner;
    }
  }
  closeEmbed();
  return messages.filter((message) => message.length > 0);
}

/**
 * A reply as Discord messages: embeds with the items (titles linked to the article,
 * outlet and date, citations as links), the numbered sources, the note as footer; split
 * into as many messages as the limits need, buttons on the last one. Every message has
 * `allowed_mentions: { parse: [] }`, so article text never pings anyone.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): DiscordMessageBody[] {
  const color = colors[reply.tone ?? 'normal'];
  const footer = reply.note ? truncate(reply.note.replace(/\s+/g, ' '), discordLimits.footer) : undefined;
  const title = reply.title ? truncate(reply.title.replace(/\s+/g, ' '), discordLimits.embedTitle) : undefined;
  let messages = pack(replyBlocks(reply), { title }, footer?.length ?? 0, color);
  if (messages.length === 0) messages = [[{ color, description: 'Done.' }]];
  if (footer) {
    const last = messages[messages.length - 1]!;
    last[last.length - 1]!.footer = { text: footer };
  }
  const buttons: DiscordButton[] = [];
  for (const button of reply.buttons ?? []) {
    const id = options.buttonId?.(button);
    if (id !== undefined && id.length <= discordLimits.customId) buttons.push({ type: 2, style: button.command === 'breaking' && button.args.startsWith('cancel') ? 4 : 1, label: truncate(button.label, discordLimits.buttonLabel), custom_id: id });
  }
  if (options.sourcesButtonId && reply.citations?.length) buttons.push({ type: 2, style: 2, label: 'Sources', custom_id: options.sourcesButtonId });
  const rows: DiscordActionRow[] = [];
  for (let i = 0; i < buttons.length && rows.length < discordLimits.actionRows; i += discordLimits.buttonsPerRow) rows.push({ type: 1, components: buttons.slice(i, i + discordLimits.buttonsPerRow) });
  const isPrivate = options.private ?? reply.private ?? false;
  return messages.map((embeds, index) => ({
    embeds,
    allowed_mentions: { parse: [] },
    ...(index === messages.length - 1 && rows.length > 0 ? { components: rows } : {}),
    ...(isPrivate ? { flags: ephemeralFlag } : {}),
  }));
}
