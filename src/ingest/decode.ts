import { TextDecoder } from 'node:util';
import { UserError } from '../errors.ts';

const magic: ReadonlyArray<[string, number[]]> = [
  ['PDF', [0x25, 0x50, 0x44, 0x46]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['ZIP archive (or Word/Excel file)', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip archive', [0x1f, 0x8b]],
];

function declaredCharset(bytes: Buffer, contentType: string | undefined): string | undefined {
  const fromHeader = contentType?.match(/charset\s*=\s*"?([\w-]+)/i)?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  const head = bytes.subarray(0, 2048).toString('latin1');
  const fromXml = head.match(/<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i)?.[1];
  if (fromXml) return fromXml.toLowerCase();
  const fromMeta = head.match(/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i)?.[1];
  return fromMeta?.toLowerCase();
}

/**
 * Bytes to text: BOM first, then the declared charset (HTTP header, XML declaration,
 * HTML meta), else UTF-8. Refuses binary files and text that does not decode cleanly,
 * saying which, instead of storing mojibake.
 */
export function decodeDocument(bytes: Buffer, contentType?: string): string {
  if (bytes.length === 0) throw new UserError('empty', 'The document is empty.');
  for (const [kind, signature] of magic) {
    if (signature.every((byte, i) => bytes[i] === byte)) throw new UserError('binary', `This is a ${kind}, not text, HTML or a feed.`);
  }
  let charset = 'utf-8';
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [charset, body] = ['utf-16le', bytes.subarray(2)];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [charset, body] = ['utf-16be', bytes.subarray(2)];
  else charset = declaredCharset(bytes, contentType) ?? 'utf-8';
  if (!charset.startsWith('utf-16') && body.subarray(0, 8192).includes(0)) {
    throw new UserError('binary', 'The document contains binary data (NUL bytes), not text.');
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new UserError('bad_encoding', `The document declares the unknown character encoding "${charset}".`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new UserError('bad_encoding', `The document is not valid ${charset.toUpperCase()} text: it is in another character encoding than it declares (save it as UTF-8, or declare its charset).`);
  }
}
