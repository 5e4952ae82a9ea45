import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCases } from '../helpers/backends.ts';
import type { KeyvBackend } from '../../src/store/keyv-backend.ts';

for (const backendCase of backendCases()) {
  describe.skipIf(backendCase.skip !== undefined)(`key-value contract: ${backendCase.name}`, () => {
    let backend: KeyvBackend;
    let prefix: string;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ backend, prefix, cleanup } = await backendCase.open());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('stores, reads, overwrites and deletes values of every JSON shape', async () => {
      const kv = backend.namespace<unknown>(`${prefix}-basic`);
      const value = { title: 'Kyiv talks — “quotes” & <markup> @everyone', n: 3.5, list: [1, 'two', null], nested: { ok: true } };
      await kv.set('a', value);
      expect(await kv.get('a')).toEqual(value);
      await kv.set('a', 'replaced');
      expect(await kv.get('a')).toBe('replaced');
      expect(await kv.get('missing')).toBeUndefined();
      expect(await kv.delete('a')).toBe(true);
      expect(await kv.get('a')).toBeUndefined();
    });

    it('keeps namespaces apart, including in iteration and clear', async () => {
      const one = backend.namespace<number>(`${prefix}-one`);
      const two = backend.namespace<number>(`${prefix}-two`);
      await one.set('k', 1);
      await two.set('k', 2);
      await one.set('k:with:colons', 3);
      expect(await one.get('k')).toBe(1);
      expect(await two.get('k')).toBe(2);
      const seen: Array<[string, number]> = [];
      for await (const [key, value] of one.iterator!(undefined)) seen.push([key as string, value as number]);
      expect(seen.sort()).toEqual([['k', 1], ['k:with:colons', 3]]);
      await one.clear();
      expect(await one.get('k')).toBeUndefined();
      expect(await two.get('k')).toBe(2);
    });

    it('reads and writes many keys at once, in order', async () => {
      const kv = backend.namespace<string>(`${prefix}-many`);
      await kv.setMany([{ key: 'x', value: 'X' }, { key: 'y', value: 'Y' }]);
      expect(await kv.getMany(['y', 'nope', 'x'])).toEqual(['Y', undefined, 'X']);
      await kv.deleteMany(['x', 'y']);
      expect(await kv.getMany(['x', 'y'])).toEqual([undefined, undefined]);
    });

    it('iterates a namespace of more than one page completely', async () => {
      const kv = backend.namespace<number>(`${prefix}-pages`);
      const entries = Array.from({ length: 2500 }, (_, i) => ({ key: `k${i}`, value: i }));
      for (let i = 0; i < entries.length; i += 500) await kv.setMany(entries.slice(i, i + 500));
      let count = 0;
      let sum = 0;
      for await (const [, value] of kv.iterator!(undefined)) {
        count += 1;
        sum += value as number;
      }
      expect(count).toBe(2500);
      expect(sum).toBe((2499 * 2500) / 2);
    });

    it('expires values after their time to live', async () => {
      const kv = backend.namespace<string>(`${prefix}-ttl`);
      await kv.set('short', 'gone soon', 150);
      await kv.set('long', 'stays', 60_000);
      expect(await kv.get('short')).toBe('gone soon');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await kv.get('short')).toBeUndefined();
      expect(await kv.get('long')).toBe('stays');
    });

    it('round-trips large and non-Latin values exactly', async () => {
      const kv = backend.namespace<string>(`${prefix}-large`);
      const big = 'Зеленський зустрівся з делегацією. 🇺🇦 '.repeat(20_000);
      await kv.set('big', big);
      expect(await kv.get('big')).toBe(big);
    });
  });
}
