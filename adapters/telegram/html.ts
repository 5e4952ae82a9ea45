/** Telegram's limit for one message's text, counted after entity parsing (UTF-16 units). */
export const telegramTextLimit = 4096;

/** Escapes text for Telegram's HTML parse mode; article text is untrusted, so every string goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Only stored http(s) URLs become links; anything else (javascript:, data:, garbage) stays plain text. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function link(url: string | undefined, html: string): string {
  const safe = safeUrl(url);
  return safe === undefined ? html : `<a href="${escapeHtml(safe)}">${html}</a>`;
}

type Tag = { kind: 'open' | 'close'; name: string; raw: string };
type Atom =
  | Tag
  | { kind: 'char'; raw: string; width: number };

const entityNames: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/** Tokenises HTML this adapter wrote (well-formed, escaped) into tags and visible characters. */
function atoms(html: string): Atom[] {
  const out: Atom[] = [];
  const pattern = /<\/?([a-z][a-z0-9-]*)[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);|[\s\S]/giu;
  for (const match of html.matchAll(pattern)) {
    const raw = match[0];
    if (match[1] !== undefined) out.push({ kind: raw.startsWith('</') ? 'close' : 'open', name: match[1].toLowerCase(), raw });
    else out.push({ kind: 'char', raw, width: raw.startsWith('&') ? 1 : raw.length });
  }
  return out;
}

/** The visible text of HTML this adapter wrote: tags removed, entities decoded. */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return entityNames[name.toLowerCase()] ?? whole;
    });
}

/** Length as Telegram counts it: visible UTF-16 units after parsing. */
export function visibleLength(html: string): number {
  let length = 0;
  for (const atom of atoms(html)) if (atom.kind === 'char') length += atom.width;
  return length;
}

function breakQuality(chunk: readonly Atom[]): number {
  const atom = chunk[chunk.length - 1];
  if (atom?.kind !== 'char') return 0;
  if (atom.raw === '\n') return chunk[chunk.length - 2]?.raw === '\n' ? 3 : 2;
  return atom.raw === ' ' ? 1 : 0;
}

function isBlank(chunk: readonly Atom[]): boolean {
  return chunk.every((atom) => atom.kind !== 'char' || /^\s$/.test(atom.raw));
}

function serialise(chunk: readonly Atom[], open: readonly Tag[]): string {
  const body = chunk.map((atom) => atom.raw).join('').replace(/\s+$/u, '');
  const closing = [...open].reverse().map((tag) => `</${tag.name}>`).join('');
  return body + closing;
}

/** The character-level splitter: for a block longer than a message on its own. */
function splitLongBlock(html: string, limit: number): string[] {
  const parts: string[] = [];
  let chunk: Atom[] = [];
  let width = 0;
  let open: Tag[] = [];
  // The latest break of each quality (1 space, 2 line, 3 paragraph) and the tags open there.
  let breaks: Array<{ index: number; open: Tag[] } | undefined> = [];

  const push = (atom: Atom) => {
    chunk.push(atom);
    if (atom.kind === 'char') width += atom.width;
    else if (atom.kind === 'open') open.push(atom);
    else open = open.slice(0, Math.max(0, open.map((tag) => tag.name).lastIndexOf(atom.name)));
    const quality = breakQuality(chunk);
    if (quality > 0) breaks[quality] = { index: chunk.length, open: [...open] };
  };

  const flush = (end: number, openAtEnd: Tag[]) => {
    const done = chunk.slice(0, end);
    if (!isBlank(done)) parts.push(serialise(done, openAtEnd));
    const rest = chunk.slice(end);
    while (rest[0]?.kind === 'char' && /^\s$/.test(rest[0].raw)) rest.shift();
    chunk = [];
    width = 0;
    open = [];
    breaks = [];
    for (const atom of [...openAtEnd, ...rest]) push(atom);
  };

  for (const atom of atoms(html)) {
    if (atom.kind === 'char' && width + atom.width > limit) {
      // The best break in the second half of the message, else the latest break, else cut here.
      const candidates = [3, 2, 1].map((quality) => breaks[quality]).filter((found) => found !== undefined);
      const chosen = candidates.find((found) => found.index >= chunk.length / 2) ?? candidates.sort((a, b) => b.index - a.index)[0];
      if (chosen !== undefined && chosen.index > chosen.open.length) flush(chosen.index, chosen.open);
      else flush(chunk.length, [...open]);
      if (width + atom.width > limit) flush(chunk.length, [...open]);
    }
    push(atom);
  }
  if (!isBlank(chunk)) parts.push(serialise(chunk, open));
  return parts;
}

/** Splits at blank lines outside any tag, so each block is balanced HTML on its own. */
function topLevelBlocks(html: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (const match of html.matchAll(/<(\/?)[a-z][a-z0-9-]*[^>]*>|\n\n/gi)) {
    if (match[0] === '\n\n') {
      if (depth === 0) {
        blocks.push(html.slice(start, match.index));
        start = match.index + 2;
      }
    } else depth += match[1] === '/' ? -1 : 1;
  }
  blocks.push(html.slice(start));
  return blocks.map((block) => block.trim()).filter((block) => block.length > 0);
}

/**
 * Splits HTML into messages of at most `limit` visible characters, preferring paragraph
 * breaks, then line breaks, then spaces (in the second half of a message). Tags open at a
 * split are closed and reopened in the next part (links keep their href), and no entity or
 * surrogate pair is ever cut.
 *
 * @example
 * splitHtml('<b>title</b>\n\n' + longParagraph, 4096) // ['<b>title</b>\n\n…', '…']
 */
export function splitHtml(html: string, limit = telegramTextLimit): string[] {
  const trimmed = html.trim();
  if (htmlToPlainText(trimmed).length <= limit) return trimmed.length > 0 ? [trimmed] : [];
  // Whole blocks (stories, paragraphs) are packed first; only a block too long for one message is cut inside.
  const parts: string[] = [];
  let current: string[] = [];
  let width = 0;
  const flush = () => {
    if (current.length > 0) parts.push(current.join('\n\n'));
    current = [];
    width = 0;
  };
  for (const block of topLevelBlocks(trimmed)) {
    const blockWidth = htmlToPlainText(block).length;
    if (blockWidth > limit) {
      flush();
      parts.push(...splitLongBlock(block, limit));
    } else {
      if (current.length > 0 && width + 2 + blockWidth > limit) flush();
      width += (current.length > 0 ? 2 : 0) + blockWidth;
      current.push(block);
    }
  }
  flush();
  return parts;
}
