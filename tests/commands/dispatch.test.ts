import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createCommandRunner, type CommandRequest } from '../../commands/dispatch.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { AnyCommand, Caller, ChatContext } from '../../commands/types.ts';
import { silentLogger } from '../../src/log.ts';
import { makeCommandDeps } from '../fakes/command-deps.ts';

const group: ChatContext = { platform: 'telegram', chatId: '-100', kind: 'group', title: 'News fans' };
const member: Caller = { id: 'u1', name: 'Ann', role: 'member' };
const moderator: Caller = { id: 'm1', name: 'Mo', role: 'moderator' };

async function setup(extra: AnyCommand[] = [], clock = { ms: 0 }) {
  const { deps, engine } = await makeCommandDeps();
  const runner = createCommandRunner({
    commands: [...commands, ...extra],
    commandDeps: deps,
    rateLimiter: createRateLimiter({ policies: { ask: { capacity: 2, perMinute: 2 }, default: { capacity: 100, perMinute: 100 } }, now: () => clock.ms }),
    logger: silentLogger(),
  });
  const run = (name: string, text: string, caller = member, chat = group) => runner.run({ name, text, chat, caller } satisfies CommandRequest);
  return { runner, run, deps, engine, clock };
}

describe('command runner', () => {
  it('refuses a member running a moderator command, saying who may', async () => {
    const { run, engine } = await setup();
    const reply = await run('breaking', 'Ceasefire agreed');
    expect(reply.tone).toBe('error');
    expect(reply.private).toBe(true);
    expect(reply.paragraphs?.join(' ')).toMatch(/Only moderators.*can use \/breaking here/);
    expect(engine.breaking.published).toHaveLength(0);
  });

  it('lets anyone subscribe a private chat but only moderators a group', async () => {
    const { run } = await setup();
    const privateChat: ChatContext = { platform: 'telegram', chatId: '42', kind: 'private' };
    expect((await run('subscribe', '', member, privateChat)).tone).toBe('success');
    expect((await run('subscribe', '', member, group)).paragraphs?.join(' ')).toMatch(/Only moderators/);
    expect((await run('subscribe', '', moderator, group)).tone).toBe('success');
  });

  it('rate-limits /ask per person with a friendly wait time', async () => {
    const { run, clock } = await setup();
    await run('ask', 'who met in Kyiv?');
    await run('ask', 'who met in Kyiv?');
    const limited = await run('ask', 'who met in Kyiv?');
    expect(limited.paragraphs?.join(' ')).toMatch(/Try again in 30 s/);
    expect((await run('ask', 'who met in Kyiv?', { ...member, id: 'someone-else' })).paragraphs?.join(' ') ?? '').not.toMatch(/Try again/);
    clock.ms += 31_000;
    expect((await run('ask', 'who met in Kyiv?')).paragraphs?.join(' ') ?? '').not.toMatch(/Try again/);
  });

  it('turns an unknown command, a bad option and a crash into readable replies', async () => {
    const crash: AnyCommand = { name: 'crash', description: 'x', options: [], permission: 'member', examples: ['/crash'], run: async () => { throw new Error('database on fire'); } };
    const { run } = await setup([crash]);
    expect((await run('nope', '')).paragraphs?.join(' ')).toMatch(/There is no \/nope command/);
    expect((await run('brief', 'since:yesterdayish')).paragraphs?.join(' ')).toMatch(/since for \/brief is not valid.*Example: \/brief/);
    const crashed = await run('crash', '');
    expect(crashed.paragraphs?.join(' ')).toMatch(/Something went wrong while running \/crash \(error id [0-9a-f]{8}\)/);
    expect(crashed.paragraphs?.join(' ')).not.toMatch(/database on fire/);
  });

  it('shows each caller only the commands they may run in /help', async () => {
    const { run } = await setup();
    const forMember = (await run('help', '')).items?.map((item) => item.title) ?? [];
    const forModerator = (await run('help', '', moderator)).items?.map((item) => item.title) ?? [];
    expect(forMember).toContain('/brief');
    expect(forMember).not.toContain('/breaking');
    expect(forModerator).toContain('/breaking');
  });
});
