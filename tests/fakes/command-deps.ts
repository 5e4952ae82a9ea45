import type { Answer, SearchResults } from '../../src/domain/answer.ts';
import type { Briefing } from '../../src/domain/briefing.ts';
import { openKeyvBackend } from '../../src/store/keyv-backend.ts';
import { openArticleStore } from '../../src/store/article-store.ts';
import { createContinuationStore } from '../../src/store/continuations.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { silentLogger } from '../../src/log.ts';
import type { AnswerPort, BreakingPort, BreakingUpdate, BriefingPort, CommandDeps, SearchPort } from '../../commands/deps.ts';

/** Engine ports that answer from scripts and record what they were asked. */
export interface FakeEngine {
  briefings: BriefingPort & { requests: unknown[]; next: Briefing };
  search: SearchPort & { requests: unknown[]; next: SearchResults };
  answers: AnswerPort & { requests: unknown[]; next: Answer };
  breaking: BreakingPort & { published: BreakingUpdate[] };
}

export function emptyBriefing(overrides: Partial<Briefing> = {}): Briefing {
  return { title: 'Briefing', generatedAt: '2026-11-25T08:00:00.000Z', items: [], citations: [], articleCount: 0, ...overrides };
}

export function fakeEngine(): FakeEngine {
  const briefings = {
    requests: [] as unknown[],
    next: emptyBriefing(),
    async brief(request: unknown) {
      briefings.requests.push(request);
      return briefings.next;
    },
    summarizeArticle: (article: { text: string }) => article.text.split(/(?<=\.)\s+/).slice(0, 2),
  };
  const search = {
    requests: [] as unknown[],
    next: { query: '', total: 0, hits: [] } as SearchResults,
    async search(query: string, options?: unknown) {
      search.requests.push({ query, ...(options as object) });
      return { ...search.next, query };
    },
  };
  const answers = {
    requests: [] as unknown[],
    next: { question: '', abstained: true, citations: [] } as Answer,
    async ask(question: string, options?: unknown) {
      answers.requests.push({ question, ...(options as object) });
      return { ...answers.next, question };
    },
  };
  const sent = new Set<string>();
  const breaking = {
    published: [] as BreakingUpdate[],
    async publish(update: BreakingUpdate) {
      const alreadySent = sent.has(update.id);
      sent.add(update.id);
      if (!alreadySent) breaking.published.push(update);
      return { queued: alreadySent ? 0 : 3, alreadySent };
    },
  };
  return { briefings, search, answers, breaking };
}

/** Real stores on an in-memory backend, fake engine ports, a fixed clock. */
export async function makeCommandDeps(overrides: Partial<CommandDeps> = {}): Promise<{ deps: CommandDeps; engine: FakeEngine }> {
  const backend = await openKeyvBackend({ memory: true });
  const now = () => new Date('2026-11-25T08:00:00.000Z');
  const engine = fakeEngine();
  const deps: CommandDeps = {
    articles: await openArticleStore({ backend, now }),
    briefings: engine.briefings,
    search: engine.search,
    answers: engine.answers,
    breaking: engine.breaking,
    subscriptions: createSubscriptionStore({ backend }),
    continuations: createContinuationStore({ backend }),
    defaultTimezone: 'UTC',
    now,
    logger: silentLogger(),
    ...overrides,
  };
  return { deps, engine };
}
