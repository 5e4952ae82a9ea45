import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { backendCases } from '../helpers/backends.ts';
import { makeArticleInput } from '../fixtures/articles.ts';
import { openArticleStore, type ArticleStore } from '../../src/store/article-store.ts';
import type { KeyvBackend } from '../../src/store/keyv-backend.ts';
import { UserError } from '../../src/errors.ts';

// The real scraped article from ../shared (CI has it beside the clone); without it these cases are reported as skipped.
const samplePath = new URL('../../../shared/samples/ukraine-peace-plan.txt', import.meta.url);
const sample = existsSync(samplePath) ? readFileSync(samplePath, 'utf8') : '';

for (const backendCase of backendCases()) {
  describe.skipIf(backendCase.skip !== undefined)(`article store contract: ${backendCase.name}`, () => {
    let backend: KeyvBackend;
    let cleanup: () => Promise<void>;
    let store: ArticleStore;
    // Every backend case gets fresh namespaces: the store's namespaces are fixed names, so
    // server-backed cases use a backend view whose namespaces carry the case's prefix.
    beforeAll(async () => {
      const opened = await backendCase.open();
      cleanup = opened.cleanup;
      backend = { ...opened.backend, namespace: (name: string) => opened.backend.namespace(`${opened.prefix}-${name}`) };
      store = await openArticleStore({ backend });
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('stores an article once, cleaned, and finds it by id and in listings', async () => {
      const outcome = await store.add(makeArticleInput({ title: '  Talks   in Kyiv   resume on Thursday | Example News ', url: 'https://News.Example.com/kyiv?utm_source=rss#top' }));
      expect(outcome.status).toBe('added');
      if (outcome.status !== 'added') return;
      expect(outcome.article.title).toBe('Talks in Kyiv resume on Thursday');
      expect(outcome.article.url).toBe('https://news.example.com/kyiv');
      const stored = await store.get(outcome.article.id);
      expect(stored?.text).toContain('city council approved');
      expect(store.list().map((meta) => meta.id)).toContain(outcome.article.id);
    });

    it.skipIf(sample === '')('reports the same URL, the same text and a near-copy as duplicates of the stored article', async () => {
      const base = makeArticleInput({ text: sample, title: 'Peace plan', url: 'https://a.example/peace' });
      const first = await store.add(base);
      expect(first.status).toBe('added');
      const id = first.status === 'added' ? first.article.id : '';

      const sameUrl = await store.add({ ...base, url: 'http://www.a.example/peace/?utm_campaign=x' });
      expect(sameUrl).toMatchObject({ status: 'duplicate', id, reason: 'url' });

      const sameText = await store.add({ ...base, url: 'https://mirror.example/copy' });
      expect(sameText).toMatchObject({ status: 'duplicate', id, reason: 'content' });

      const edited = sample.replace('killed at least 26 people', 'killed at least 27 people, officials said on Friday');
      const near = await store.add({ ...base, text: edited, url: 'https://b.example/edited' });
      expect(near).toMatchObject({ status: 'duplicate', id, reason: 'near' });

      const before = store.size;
      expect((await store.get(id))?.aliases?.map((alias) => alias.url)).toEqual(['https://mirror.example/copy', 'https://b.example/edited']);
      expect(store.size).toBe(before);
    });

    it('links a copy without a link only when it comes from another outlet', async () => {
      // Re-ingesting the same file is not "also reported elsewhere"; the same text from another outlet is.
      const base = makeArticleInput({ url: undefined, source: 'local' });
      const first = await store.add(base);
      const id = first.status === 'added' ? first.article.id : '';
      for (let i = 0; i < 3; i += 1) expect(await store.add(base)).toMatchObject({ status: 'duplicate', id, reason: 'content' });
      expect((await store.get(id))?.aliases ?? []).toEqual([]);
      await store.add({ ...base, source: 'Wire Desk' });
      await store.add({ ...base, source: 'Wire Desk' });
      expect((await store.get(id))?.aliases?.map((alias) => alias.source)).toEqual(['Wire Desk']);
    });

    it('keeps different stories on the same topic apart', async () => {
      const one = await store.add(makeArticleInput());
      const two = await store.add(makeArticleInput());
      expect(one.status).toBe('added');
      expect(two.status).toBe('added');
    });

    it('rejects bad items in a batch with a clear error and stores the rest', async () => {
      const good = makeArticleInput();
      const outcomes = await store.addMany([
        { title: 'Empty', text: '   ' },
        good,
        { title: '', text: 'A body with enough words to count as an article here.' },
        { title: 'Bad link', text: 'A body with enough words to count as an article here.', url: 'javascript:alert(1)' },
        { ...good, url: 'https://elsewhere.example/x' },
      ]);
      expect(outcomes[0]).toBeInstanceOf(UserError);
      expect((outcomes[0] as Error).message).toMatch(/no text/);
      expect(outcomes[1]).toMatchObject({ status: 'added' });
      expect((outcomes[2] as Error).message).toMatch(/no title/);
      expect((outcomes[3] as Error).message).toMatch(/not an http/);
      expect(outcomes[4]).toMatchObject({ status: 'duplicate', reason: 'content' });
    });

    it('survives a reopen: same catalogue, duplicates still recognised', async () => {
      const input = makeArticleInput();
      const added = await store.add(input);
      const reopened = await openArticleStore({ backend });
      expect(reopened.size).toBe(store.size);
      expect(reopened.meta(added.status === 'added' ? added.article.id : '')?.title).toBe(input.title);
      expect((await reopened.add(input)).status).toBe('duplicate');
    });

    it('picks up what another process stored, and tells listeners', async () => {
      const other = await openArticleStore({ backend });
      const seen: string[] = [];
      store.onAdded((articles) => seen.push(...articles.map((article) => article.id)));
      const input = makeArticleInput({ title: 'Stored by the CLI while the bot runs' });
      const added = await other.add(input);
      const id = added.status === 'added' ? added.article.id : '';
      expect(store.meta(id)).toBeUndefined();
      expect(await store.refresh()).toBe(1);
      expect(store.meta(id)?.title).toBe('Stored by the CLI while the bot runs');
      expect(seen).toEqual([id]);
      expect(await store.refresh()).toBe(0);
      expect((await store.add(input)).status).toBe('duplicate');
    });

    it('filters listings by time, source and limit, newest first', async () => {
      await store.addMany([
        makeArticleInput({ source: 'Filter Wire', publishedAt: '2026-11-01T10:00:00Z' }),
        makeArticleInput({ source: 'Filter Wire', publishedAt: '2026-11-03T10:00:00Z' }),
        makeArticleInput({ source: 'Other', publishedAt: '2026-11-02T10:00:00Z' }),
      ]);
      const wire = store.list({ source: 'filter wire' });
      expect(wire.map((meta) => meta.publishedAt)).toEqual(['2026-11-03T10:00:00.000Z', '2026-11-01T10:00:00.000Z']);
      expect(store.list({ source: 'Filter Wire', since: Date.parse('2026-11-02T00:00:00Z') })).toHaveLength(1);
      expect(store.list({ limit: 2 })).toHaveLength(2);
    });
  });
}
