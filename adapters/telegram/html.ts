/** Telegram's limit for one message's text, counted after entity parsing (UTF-16 units). */
export const telegramTextLimit = 4096;

/**
 * What one message may hold. Telegram ignores formatting past the 100th entity (silently:
 * links just stop working), counts links and @mentions it detects itself, and refuses
 * messages whose entities are too long in total ("Entities_too_long", about 9,500
 * characters of markup); the defaults keep a margin under each.
 */
export interface SplitLimits {
  /** Visible characters (UTF-16 units). */
  chars: number;
  /** Formatting tags (each opening tag is one entity). */
  entities: number;
  /** Raw HTML length, tags and URLs included. */
  markup: number;
}

export const telegramLimits: SplitLimits = { chars: telegramTextLimit, entities: 90, markup: 9000 };

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

function closingLength(open: readonly Tag[]): number {
  return open.reduce((sum, tag) => sum + tag.name.length + 3, 0);
}

/** The atom-level splitter: for a block too big for a message on its own. */
function splitLongBlock(html: string, limits: SplitLimits): string[] {
  const parts: string[] = [];
  let chunk: Atom[] = [];
  let width = 0;
  let entities = 0;
  let markup = 0;
  let open: Tag[] = [];
  // The latest break of each quality (1 space, 2 line, 3 paragraph) and the tags open there.
  let breaks: Array<{ index: number; open: Tag[] } | undefined> = [];

  const push = (atom: Atom) => {
    chunk.push(atom);
    markup += atom.raw.length;
    if (atom.kind === 'char') width += atom.width;
    else if (atom.kind === 'open') {
      open.push(atom);
      entities += 1;
    } else open = open.slice(0, Math.max(0, open.map((tag) => tag.name).lastIndexOf(atom.name)));
    const quality = breakQuality(chunk);
    if (quality > 0) breaks[quality] = { index: chunk.length, open: [...open] };
  };

  const overflows = (atom: Atom) => {
    if (atom.kind === 'close') return false;
    const closing = closingLength(open) + (atom.kind === 'open' ? atom.name.length + 3 : 0);
    if (markup + atom.raw.length + closing > limits.markup) return true;
    return atom.kind === 'char' ? width + atom.width > limits.chars : entities + 1 > limits.entities;
  };

  const flush = (end: number, openAtEnd: Tag[]) => {
    const done = chunk.slice(0, end);
    if (!isBlank(done)) parts.push(serialise(done, openAtEnd));
    const rest = chunk.slice(end);
    while (rest[0]?.kind === 'char' && /^\s$/.test(rest[0].raw)) rest.shift();
    chunk = [];
    width = 0;
    entities = 0;
    markup = 0;
    open = [];
    breaks = [];
    for (const atom of [...openAtEnd, ...rest]) push(atom);
  };

  for (const atom of atoms(html)) {
    if (overflows(atom)) {
      // The best break in the second half of the message, else the latest break, else cut here.
      const candidates = [3, 2, 1].map((quality) => breaks[quality]).filter((found) => found !== undefined);
      const chosen = candidates.find((found) => found.index >= chunk.length / 2) ?? candidates.sort((a, b) => b.index - a.index)[0];
      if (chosen !== undefined && chosen.index > chosen.open.length) flush(chosen.index, chosen.open);
      else flush(chunk.length, [...open]);
      if (overflows(atom)) flush(chunk.length, [...open]);
    }
    push(atom);
  }
  if (!isBlank(chunk)) parts.push(serialise(chunk, open));
  return parts;
}

function measure(html: string): SplitLimits {
  return { chars: htmlToPlainText(html).length, entities: html.match(/<[a-z]/gi)?.length ?? 0, markup: html.length };
}

function fits(size: SplitLimits, limits: SplitLimits): boolean {
  return size.chars <= limits.chars && size.entities <= limits.entities && size.markup <= limits.markup;
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
 * Splits HTML into messages within `limits` (4,096 visible characters, 90 entities, 9,000
 * characters of markup by default), preferring paragraph
 * breaks, then line breaks, then spaces (in the second half of a message). Tags open at a
 * split are closed and reopened in the next part (links keep their href), and no entity or
 * surrogate pair is ever cut.
 *
 * @example
 * splitHtml('<b>title</b>\n\n' + longParagraph) // ['<b>title</b>\n\n…', '…']
 */
export function splitHtml(html: string, limits: Partial<SplitLimits> = {}): string[] {
  const limit: SplitLimits = { ...telegramLimits, ...limits };
  const trimmed = html.trim();
  if (fits(measure(trimmed), limit)) return trimmed.length > 0 ? [trimmed] : [];
  // Whole blocks (stories, paragraphs) are packed first; only a block too big for one message is cut inside.
  const parts: string[] = [];
  let current: string[] = [];
  let size: SplitLimits = { chars: 0, entities: 0, markup: 0 };
  const flush = () => {
    if (current.length > 0) parts.push(current.join('\n\n'));
    current = [];
    size = { chars: 0, entities: 0, markup: 0 };
  };
  for (const block of topLevelBlocks(trimmed)) {
    const blockSize = measure(block);
    if (!fits(blockSize, limit)) {
      flush();
      parts.push(...splitLongBlock(block, limit));
      continue;
    }
    const gap = current.length > 0 ? 2 : 0;
    const together = { chars: size.chars + gap + blockSize.chars, entities: size.entities + blockSize.entities, markup: size.markup + gap + blockSize.markup };
    if (current.length > 0 && !fits(together, limit)) flush();
    size = current.length > 0 ? together : blockSize;
    current.push(block);
  }
  flush();
  return parts;
}
