import { describe, expect, it } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { commands } from '../../commands/index.ts';
import { createCommandRunner } from '../../commands/dispatch.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { Caller, ChatContext } from '../../commands/types.ts';
import { runCli } from '../../adapters/cli/main.ts';
import { createAnswerEngine } from '../../src/answers/answer-engine.ts';
import { createSearchService } from '../../src/answers/search-service.ts';
import { silentLogger } from '../../src/log.ts';
import { makeCommandDeps } from '../fakes/command-deps.ts';
import { temporaryDir } from '../helpers/backends.ts';
import { newsroom } from './fixtures.ts';

const chat: ChatContext = { platform: 'telegram', chatId: '-100', kind: 'group', title: 'News fans' };
const member: Caller = { id: 'u1', name: 'Ann', role: 'member' };

async function setup() {
  const { deps } = await makeCommandDeps();
  await deps.articles.addMany(newsroom);
  const backend = { namespace: () => new Map() } as never;
  const search = await createSearchService({ store: deps.articles, backend, now: deps.now, logger: silentLogger(), persistDelayMs: 0 });
  const answers = createAnswerEngine({ store: deps.articles, search, now: deps.now });
  const runner = createCommandRunner({
    commands,
    commandDeps: { ...deps, search, answers },
    rateLimiter: createRateLimiter({ policies: { default: { capacity: 100, perMinute: 100 } }, now: () => 0 }),
    logger: silentLogger(),
  });
  return (name: string, text: string) => runner.run({ name, text, chat, caller: member });
}

describe('/ask and /search with the real engine', () => {
  it('/ask replies with the short answer, the quote and its citation', async () => {
    const run = await setup();
    const reply = await run('ask', 'how many homes lost power in Storm Ilse?');
    expect(reply.title).toMatch(/40,000/);
    expect(reply.quote?.text).toMatch(/about 40,000 homes lost power/);
    expect(reply.citations?.[0]).toMatchObject({ n: 1, url: 'https://harbor.example/storm-ilse', source: 'Harbor Times' });
  });

  it('/ask says "not in the stored articles" and offers a search button', async () => {
    const run = await setup();
    const reply = await run('ask', 'who won the presidential election in Brazil?');
    expect(reply.tone).toBe('warning');
    expect(reply.paragraphs?.join(' ')).toMatch(/not in the stored articles/);
    expect(reply.buttons?.[0]).toMatchObject({ command: 'search' });
  });

  it('/search lists hits with outlet, snippet and link, filtered by source', async () => {
    const run = await setup();
    const reply = await run('search', 'kyiv source:"Civic Wire"');
    expect(reply.items?.map((item) => item.url)).toEqual(['https://wire.example/kyiv-reaction']);
    expect(reply.items?.[0]?.meta).toMatch(/Civic Wire/);
    expect(reply.items?.[0]?.text).toMatch(/Kyiv/);
    // Plain words are the query (an outlet must be named with source:).
    const twoWords = await run('search', 'river pollution');
    expect(twoWords.items?.map((item) => item.url)).toEqual(['https://ledger.example/river-summit']);
    const none = await run('search', 'zeppelin airship');
    expect(none.paragraphs?.join(' ')).toMatch(/No stored articles match "zeppelin airship"/);
  });
});

describe('cli ask --jsonl', () => {
  it('answers lines in input order and reports bad lines, against the store in DATA_DIR', async () => {
    const tmp = temporaryDir();
    try {
      const env = { DATA_DIR: tmp.dir, LOG_LEVEL: 'silent' };
      const io = (stdin: string) => {
        const stdout = new PassThrough();
        const chunks: string[] = [];
        stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
        return { io: { env, stdin: Readable.from([stdin]), stdout, stderr: new PassThrough() }, out: () => chunks.join('') };
      };
      const ingest = io(newsroom.map((article) => JSON.stringify(article)).join('\n'));
      expect(await runCli({ ...ingest.io, argv: ['ingest', '--jsonl'] })).toBe(0);
      const questions = ['{"id":"a","question":"Who scored the winning goal in the cup final?"}', 'not json', '{"id":"c","question":"Who won the election in Brazil?"}', `{"id":"d","question":"${'why '.repeat(2_500)}"}`, '{"id":7,"question":"How many homes lost power in Storm Ilse?"}'];
      const ask = io(questions.join('\n'));
      expect(await runCli({ ...ask.io, argv: ['ask', '--jsonl'] })).toBe(1);
      const lines = ask.out().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((line) => line.id)).toEqual(['a', null, 'c', 'd', 7]);
      expect(Object.keys(lines[0]!)).toEqual(['id', 'answer', 'quote', 'citations', 'abstained']);
      expect(lines[0]).toMatchObject({ answer: 'Samuel Okafor', abstained: false, citations: [{ title: 'Late goal denies Riverton United the cup', url: 'https://gazette.example/cup-final' }] });
      expect(lines[1]).toEqual({ id: null, error: 'line 2 is not JSON' });
      expect(lines[2]).toMatchObject({ abstained: true, answer: null, citations: [] });
      expect(lines[3]!.error).toMatch(/limit is 1,000 characters/);
      expect(lines[4]).toMatchObject({ answer: '40,000 homes', abstained: false });
    } finally {
      tmp.remove();
    }
  });
});
