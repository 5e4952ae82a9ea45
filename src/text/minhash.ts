import { words } from './normalize.ts';

/** Number of hash functions in a signature; 16 LSH bands of 4 rows. */
export const signatureSize = 64;
export const lshBands = 16;
const rowsPerBand = signatureSize / lshBands;

const shingleSize = 3;
/** Long texts are fingerprinted on their first words: enough to tell copies apart, bounded cost. */
const maxShingles = 4000;

// Fixed seeds: signatures must compare equal across processes and restarts.
const seeds: Uint32Array = (() => {
  let state = 0x9e3779b9;
  const out = new Uint32Array(signatureSize);
  for (let i = 0; i < signatureSize; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state >>> 0;
  }
  return out;
})();

/** MurmurHash3's finaliser over x XOR seed: one independent-enough hash function per seed. */
function mix(x: number, seed: number): number {
  let v = (x ^ seed) >>> 0;
  v = Math.imul(v ^ (v >>> 16), 0x85ebca6b);
  v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35);
  return (v ^ (v >>> 16)) >>> 0;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Hashes of the word 3-grams of a token list (its "shingles"), each word hashed once. */
export function shingleHashesOf(tokens: readonly string[]): Uint32Array {
  const hashes = tokens.slice(0, maxShingles + shingleSize).map(fnv1a);
  if (hashes.length < shingleSize) return Uint32Array.from(hashes.length > 0 ? [mix(hashes.reduce((a, b) => Math.imul(a, 31) + b), 0)] : []);
  const out = new Uint32Array(hashes.length - shingleSize + 1);
  for (let i = 0; i < out.length; i += 1) {
    out[i] = mix((Math.imul(hashes[i]!, 0x9e3779b1) ^ Math.imul(hashes[i + 1]!, 0x85ebca77) ^ hashes[i + 2]!) >>> 0, 0x27d4eb2f);
  }
  return out;
}

/** Hashes of the word 3-grams of a text. */
export function shingleHashes(text: string): Uint32Array {
  return shingleHashesOf(words(text));
}

/** MinHash signature of a text; empty input gives all-max values. */
export function minhashSignature(text: string): Uint32Array {
  return minhashOf(shingleHashes(text));
}

/** MinHash signature of precomputed shingle hashes. */
export function minhashOf(shingles: Uint32Array): Uint32Array {
  const signature = new Uint32Array(signatureSize).fill(0xffffffff);
  const count = Math.min(shingles.length, maxShingles);
  for (let h = 0; h < signatureSize; h += 1) {
    const seed = seeds[h]!;
    let min = 0xffffffff;
    for (let i = 0; i < count; i += 1) {
      const value = mix(shingles[i]!, seed);
      if (value < min) min = value;
    }
    signature[h] = min;
  }
  return signature;
}

/** Estimated Jaccard similarity of two texts' shingle sets from their signatures. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < signatureSize; i += 1) if (a[i] === b[i]) same += 1;
  return same / signatureSize;
}

/** One 32-bit key per LSH band: texts sharing any band key are near-duplicate candidates. */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < lshBands; band += 1) {
    let hash = 0x811c9dc5 ^ band;
    for (let row = 0; row < rowsPerBand; row += 1) {
      hash ^= signature[band * rowsPerBand + row]!;
      hash = Math.imul(hash, 0x01000193);
    }
    keys.push(hash >>> 0);
  }
  return keys;
}

export function encodeSignature(signature: Uint32Array): string {
  return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64');
}

export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const out = new Uint32Array(signatureSize);
  if (bytes.byteLength !== signatureSize * 4) return out.fill(0xffffffff);
  for (let i = 0; i < signatureSize; i += 1) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}
