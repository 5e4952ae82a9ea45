import type Keyv from 'keyv';

/**
 * put / update / remove on one keyv namespace, run one at a time in this process, so a
 * read-modify-write never loses a change made meanwhile (two commands editing one record).
 */
export interface SerializedRecords<Value extends { id: string }> {
  /** Runs `work` after every earlier write has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  put(value: Value): Promise<void>;
  /** Applies a change to the stored record; undefined when there is none (removed meanwhile). */
  update(id: string, change: (current: Value) => Value): Promise<Value | undefined>;
  remove(id: string): Promise<boolean>;
}

export function serializedRecords<Value extends { id: string }>(kv: Keyv<Value>): SerializedRecords<Value> {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };
  return {
    exclusive,
    put: (value) => exclusive(async () => void (await kv.set(value.id, value))),
    update: (id, change) =>
      exclusive(async () => {
        const current = await kv.get(id);
        if (current === undefined) return undefined;
        const next = change(current);
        await kv.set(id, next);
        return next;
      }),
    remove: (id) => exclusive(() => kv.delete(id)),
  };
}
