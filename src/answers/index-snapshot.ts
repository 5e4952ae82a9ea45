import type { IndexState } from './search-index.ts';

/** The part of a keyv namespace the snapshot uses. */
export interface SnapshotKv {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  getMany(keys: string[]): Promise<unknown[]>;
  deleteMany(keys: string[]): Promise<unknown>;
}

/** Bump when the index layout or tokenisation changes: an old snapshot is then rebuilt, not misread. */
export const snapshotVersion = 2;
/** Stored values stay well under every backend's value limit (Redis 512 MB, PostgreSQL 1 GB). */
const chunkChars = 8 * 1024 * 1024;

interface Manifest {
  version: number;
  generation: string;
  chunks: number;
  docs: number;
  savedAt: string;
}

function base64Of(array: Uint32Array | Float64Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function uint32Of(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copy into an aligned buffer of its own: the decoded Buffer may sit at any offset of a shared pool.
  const out = new Uint32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function float64Of(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Postings of every term as one lengths array and one concatenated data array. */
function packField(field: Array<Uint32Array | undefined>): { lengths: string; data: string } {
  const lengths = new Uint32Array(field.length);
  let total = 0;
  field.forEach((postings, i) => {
    lengths[i] = postings?.length ?? 0;
    total += lengths[i]!;
  });
  const data = new Uint32Array(total);
  let at = 0;
  for (const postings of field) {
    if (postings === undefined) continue;
    data.set(postings, at);
    at += postings.length;
  }
  return { lengths: base64Of(lengths), data: base64Of(data) };
}

function unpackField(packed: { lengths: string; data: string }): Array<Uint32Array | undefined> {
  const lengths = uint32Of(packed.lengths);
  const data = uint32Of(packed.data);
  const out: Array<Uint32Array | undefined> = [];
  let at = 0;
  for (const length of lengths) {
    // A view, not a copy: a view is exactly full, so the first append copies it out before writing.
    out.push(length === 0 ? undefined : data.subarray(at, at + length));
    at += length;
  }
  return out;
}

/** Writes the index as a new generation of chunks, then points the manifest at it, then drops the old one. */
export async function saveSnapshot(kv: SnapshotKv, state: IndexState, now: Date): Promise<void> {
  const body = JSON.stringify({
    ids: state.ids.join('\n'),
    sources: state.sources,
    times: base64Of(state.times),
    sourceOf: base64Of(state.sourceOf),
    bodyLength: base64Of(state.bodyLength),
    titleLength: base64Of(state.titleLength),
    terms: state.terms.join('\n'),
    body: packField(state.body),
    title: packField(state.title),
  });
  const previous = (await kv.get('manifest')) as Manifest | undefined;
  const generation = now.getTime().toString(36) + Math.random().toString(36).slice(2, 6);
  const chunks = Math.ceil(body.length / chunkChars);
  for (let i = 0; i < chunks; i += 1) await kv.set(`${generation}:${i}`, body.slice(i * chunkChars, (i + 1) * chunkChars));
  const manifest: Manifest = { version: snapshotVersion, generation, chunks, docs: state.ids.length, savedAt: now.toISOString() };
  await kv.set('manifest', manifest);
  if (previous !== undefined) {
    await kv.deleteMany(Array.from({ length: previous.chunks }, (_, i) => `${previous.generation}:${i}`));
  }
}

/** The saved index, or undefined when there is none, or it is of another version or damaged. */
export async function loadSnapshot(kv: SnapshotKv): Promise<IndexState | undefined> {
  const manifest = (await kv.get('manifest')) as Manifest | undefined;
  if (manifest === undefined || manifest.version !== snapshotVersion) return undefined;
  const keys = Array.from({ length: manifest.chunks }, (_, i) => `${manifest.generation}:${i}`);
  const parts = (await kv.getMany(keys)) as Array<string | undefined>;
  if (parts.some((part) => typeof part !== 'string')) return undefined;
  try {
    const raw = JSON.parse(parts.join('')) as {
      ids: string; sources: string[]; times: string; sourceOf: string; bodyLength: string; titleLength: string;
      terms: string; body: { lengths: string; data: string }; title: { lengths: string; data: string };
    };
    const ids = raw.ids.length === 0 ? [] : raw.ids.split('\n');
    const terms = raw.terms.length === 0 ? [] : raw.terms.split('\n');
    const state: IndexState = {
      ids,
      sources: raw.sources,
      times: float64Of(raw.times),
      sourceOf: uint32Of(raw.sourceOf),
      bodyLength: uint32Of(raw.bodyLength),
      titleLength: uint32Of(raw.titleLength),
      terms,
      body: unpackField(raw.body),
      title: unpackField(raw.title),
    };
    if (state.times.length !== ids.length || state.body.length !== terms.length || state.title.length !== terms.length) return undefined;
    return state;
  } catch {
    return undefined;
  }
}
