import { describe, expect, it } from 'vitest';
import { loadGuarded } from '../../bench/prototype-guard.ts';

describe('loadGuarded (keeps a library\'s prototype changes out of the rest of the process)', () => {
  it('undoes added and replaced built-in methods at once, and puts them back only inside run()', async () => {
    const originalMap = Array.prototype.map;
    const guard = loadGuarded(() => {
      // What Sugar 1.3 does to the whole process when lexrank loads it.
      Object.defineProperty(Array.prototype, 'inGroupsOf', { value: () => 'sugar', configurable: true, writable: true });
      Object.defineProperty(Array.prototype, 'map', { value: () => 'broken map', configurable: true, writable: true });
      return 'library';
    });
    expect(guard.value).toBe('library');
    expect(guard.changed).toBe(2);
    expect(Array.prototype.map).toBe(originalMap);
    expect('inGroupsOf' in Array.prototype).toBe(false);
    expect(await Promise.all([1, 2].map(async (x) => ({ x })))).toEqual([{ x: 1 }, { x: 2 }]);

    const inside = guard.run(() => [(([] as unknown as { inGroupsOf(): string }).inGroupsOf()), [1].map((x) => x)]);
    expect(inside).toEqual(['sugar', 'broken map']);
    expect(Array.prototype.map).toBe(originalMap);
    expect('inGroupsOf' in Array.prototype).toBe(false);

    expect(() => guard.run(() => { throw new Error('library failed'); })).toThrow('library failed');
    expect(Array.prototype.map).toBe(originalMap);
  });
});
