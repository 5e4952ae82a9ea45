/** A Telegram-like parser for HTML parse mode: as strict as Telegram (stricter about a lone `&`). */

export interface ParsedEntity {
  type: string;
  offset: number;
  length: number;
  url?: string | undefined;
}

export type ParseResult = { ok: true; text: string; entities: ParsedEntity[] } | { ok: false; error: string };

const tagTypes: Readonly<Record<string, string>> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
  a: 'text_link', code: 'code', pre: 'pre', blockquote: 'blockquote', 'tg-emoji': 'custom_emoji',
};
const entities: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index));
}

/** Parses `text` as Telegram's HTML mode does, or says why Telegram would refuse it. */
export function parseTelegramHtml(source: string): ParseResult {
  let text = '';
  const out: ParsedEntity[] = [];
  const stack: Array<{ name: string; start: number; url?: string | undefined; type?: string | undefined }> = [];
  const fail = (reason: string, index: number): ParseResult => ({ ok: false, error: `Bad Request: can't parse entities: ${reason} at byte offset ${byteOffset(source, index)}` });
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (char === '<') {
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>/.exec(source.slice(index));
      if (tag === null) return fail('Unexpected end of name token', index);
      const [whole, closing, rawName, attributes] = tag as unknown as [string, string, string, string];
      const name = rawName.toLowerCase();
      if (!(name in tagTypes)) return fail(`Unsupported ${closing ? 'end' : 'start'} tag "${name}"`, index);
      if (closing) {
        const top = stack.pop();
        if (top === undefined || top.name !== name) return fail(`Unmatched end tag at byte offset ${byteOffset(source, index)}, expected "</${top?.name ?? ''}>", found "</${name}>"`, index);
        if (text.length > top.start) out.push({ type: top.type ?? tagTypes[name]!, offset: top.start, length: text.length - top.start, ...(top.url ? { url: top.url } : {}) });
      } else {
        let url: string | undefined;
        if (name === 'a') {
          const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i.exec(attributes);
          url = href ? (href[1] ?? href[2] ?? href[3] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>') : undefined;
          if (url !== undefined && !/^(https?|tg):\/\//i.test(url)) return fail(`Wrong HTTP URL "${url}"`, index);
        }
        stack.push({ name, start: text.length, url, type: name === 'blockquote' && /\bexpandable\b/i.test(attributes) ? 'expandable_blockquote' : undefined });
      }
      index += whole.length;
    } else if (char === '&') {
      const entity = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(source.slice(index));
      if (entity === null) return fail('Character "&" must be escaped as "&amp;"', index);
      const name = entity[1]!;
      if (name.startsWith('#x') || name.startsWith('#X')) text += String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      else if (name.startsWith('#')) text += String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      else if (entities[name] !== undefined) text += entities[name];
      else return fail(`Unsupported HTML entity "&${name};"`, index);
      index += entity[0].length;
    } else if (char === '>') {
      return fail('Character ">" is reserved and must be escaped', index);
    } else {
      text += char;
      index += 1;
    }
  }
  if (stack.length > 0) return fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]!.name}"`, source.length);
  return { ok: true, text, entities: out };
}
