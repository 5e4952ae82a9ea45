import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { UserError } from '../errors.ts';

function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new UserError('bad_encoding', `the server sent the body in an encoding newsbrief cannot read (${encoding})`);
  }
}

export function tooLargeError(maxBytes: number, url: string): UserError {
  return new UserError('too_large', `page larger than ${maxBytes} bytes (FETCH_MAX_BYTES) at ${url}`, { context: { maxBytes, url } });
}

/**
 * Reads a response body, decompressing it, and stops as soon as the decoded bytes pass
 * `maxBytes`, so neither a huge page nor a compression bomb is ever held whole.
 */
export async function readCapped(body: Readable, options: { maxBytes: number; contentEncoding?: string | undefined; url: string }): Promise<Buffer> {
  const decoder = decoderFor(options.contentEncoding);
  const source: AsyncIterable<Buffer> = decoder === undefined ? body : (pipeline(body, decoder, () => {}) as unknown as AsyncIterable<Buffer>);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > options.maxBytes) throw tooLargeError(options.maxBytes, options.url);
      chunks.push(chunk);
    }
  } catch (error) {
    body.destroy();
    if (error instanceof UserError) throw error;
    if (decoder !== undefined && /incorrect header|unexpected end|invalid|Decompression failed/i.test((error as Error).message ?? '')) {
      throw new UserError('bad_encoding', `the ${options.contentEncoding} body from ${options.url} is corrupt`, { cause: error });
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}
