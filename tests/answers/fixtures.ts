import type { ArticleInput } from '../../src/domain/article.ts';
import { createAnswerEngine } from '../../src/answers/answer-engine.ts';
import { createSearchService } from '../../src/answers/search-service.ts';
import { silentLogger } from '../../src/log.ts';
import { openArticleStore } from '../../src/store/article-store.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';

/** A small newsroom: talks, a storm, inflation, a cup final, a rail budget, and reactions. */
export const newsroom: ArticleInput[] = [
  {
    title: 'US and Ukrainian negotiators meet in Kyiv on ceasefire framework',
    text: 'KYIV — US Special Envoy Daniel Reyes met Foreign Minister Olena Kovalenko in Kyiv on Saturday to discuss a draft framework for a ceasefire.\n\nThe two sides agreed to meet again in Geneva next month, officials said.',
    url: 'https://ledger.example/kyiv-talks',
    source: 'Northern Ledger',
    publishedAt: '2026-11-21T09:00:00.000Z',
  },
  {
    title: 'Europe welcomes Kyiv talks as Moscow says it was not consulted',
    text: 'Germany called the Kyiv talks a necessary first step.\n\nIn Moscow, a foreign ministry spokeswoman said Russia had not been consulted on the 12-point draft and would judge it by deeds.',
    url: 'https://wire.example/kyiv-reaction',
    source: 'Civic Wire',
    publishedAt: '2026-11-22T09:00:00.000Z',
  },
  {
    title: 'Storm Ilse floods harbor districts',
    text: 'Storm Ilse brought flooding to low-lying harbor districts overnight, and about 40,000 homes lost power as winds reached 120 km/h, the regional utility said.\n\nCrews expect to restore most connections by Sunday.',
    url: 'https://harbor.example/storm-ilse',
    source: 'Harbor Times',
    publishedAt: '2026-11-23T06:00:00.000Z',
  },
  {
    title: 'Inflation eases in October',
    text: 'Inflation slowed to 2.4% in October as fuel costs dropped, official figures showed.\n\nThe central bank will announce its next rate decision on December 10, a spokesman said.',
    url: 'https://meridian.example/inflation',
    source: 'Daily Meridian',
    publishedAt: '2026-11-18T10:00:00.000Z',
  },
  {
    title: 'Late goal denies Riverton United the cup',
    text: 'Riverton United lost the cup final 2-1 to Harbor City FC after Samuel Okafor scored the winning goal two minutes before the end.\n\nThe match was played in front of 52,000 fans at the national stadium.',
    url: 'https://gazette.example/cup-final',
    source: 'Plains Gazette',
    publishedAt: '2026-11-16T21:00:00.000Z',
  },
  {
    title: 'Harbor jazz festival opens',
    text: 'About 9,000 fans watched the opening concert of the harbor jazz festival on Friday.\n\nThe festival runs for ten days and features 80 bands.',
    url: 'https://harbor.example/jazz-festival',
    source: 'Harbor Times',
    publishedAt: '2026-11-14T20:00:00.000Z',
  },
  {
    title: 'Summit on river pollution opens',
    text: 'Environment ministers from six countries opened a summit on river pollution in Vienna on Monday.\n\nDelegates hope to agree new limits on industrial waste by the spring.',
    url: 'https://ledger.example/river-summit',
    source: 'Northern Ledger',
    publishedAt: '2026-11-10T08:00:00.000Z',
  },
];

export const fixedNow = new Date('2026-11-25T08:00:00.000Z');

/** A store with the newsroom, search and answers over it, on an in-memory backend. */
export async function newsroomEngine(options: { inputs?: ArticleInput[]; clock?: { now: Date } } = {}) {
  const clock = options.clock ?? { now: fixedNow };
  const now = () => clock.now;
  const backend = await openKeyvBackend({ memory: true });
  const store = await openArticleStore({ backend, now });
  await store.addMany(options.inputs ?? newsroom);
  const search = await createSearchService({ store, backend, now, logger: silentLogger(), persistDelayMs: 0 });
  const answers = createAnswerEngine({ store, search, now });
  return { backend, store, search, answers, clock };
}
