/**
 * Keeps an old library's changes to the built-in prototypes out of the rest of the process.
 *
 * lexrank's sentence tokenizer loads Sugar 1.3, which rewrites `Array.prototype.map` and adds
 * dozens of methods to the built-ins for the whole process. After it was loaded, code that ran
 * later in the same process broke in ways that looked like engine bugs (keyv's `setMany`
 * received an array of `undefined`; a destructuring loop threw). The changes are recorded at
 * load time, undone at once, and put back only while the library's synchronous code runs.
 */
const guarded: readonly object[] = [
  Array.prototype, Object.prototype, String.prototype, Number.prototype, Function.prototype, Date.prototype, RegExp.prototype, Boolean.prototype,
  Array, Object, String, Number, Function, Date, RegExp, Math, JSON,
];

type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

function snapshot(): Snapshot {
  const out: Snapshot = new Map();
  for (const target of guarded) {
    const own = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(target)) own.set(key, Object.getOwnPropertyDescriptor(target, key)!);
    out.set(target, own);
  }
  return out;
}

/** Puts every guarded object back to `state`: keys it lacked are removed, the others redefined. */
function restore(state: Snapshot): void {
  for (const [target, own] of state) {
    for (const key of Reflect.ownKeys(target)) {
      if (!own.has(key)) Reflect.deleteProperty(target, key);
    }
    for (const [key, descriptor] of own) {
      const current = Object.getOwnPropertyDescriptor(target, key);
      if (current === undefined || !Object.is(current.value, descriptor.value) || current.get !== descriptor.get || current.set !== descriptor.set) {
        Object.defineProperty(target, key, descriptor);
      }
    }
  }
}

export interface PrototypeGuard<T> {
  /** What `load` returned. */
  value: T;
  /** How many built-in properties `load` added or replaced (0: nothing to guard). */
  changed: number;
  /** Runs synchronous `work` with the library's changes in place, then removes them again. */
  run<R>(work: () => R): R;
}

export function loadGuarded<T>(load: () => T): PrototypeGuard<T> {
  const clean = snapshot();
  let value: T;
  try {
    value = load();
  } catch (error) {
    restore(clean);
    throw error;
  }
  const polluted = snapshot();
  let changed = 0;
  for (const [target, own] of polluted) {
    const before = clean.get(target)!;
    for (const [key, descriptor] of own) {
      const was = before.get(key);
      if (was === undefined || !Object.is(was.value, descriptor.value) || was.get !== descriptor.get || was.set !== descriptor.set) changed += 1;
    }
  }
  restore(clean);
  return {
    value,
    changed,
    run(work) {
      restore(polluted);
      try {
        return work();
      } finally {
        restore(clean);
      }
    },
  };
}
