import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createCommandRunner } from '../../commands/dispatch.ts';
import { createRateLimiter } from '../../commands/rate-limit.ts';
import type { Caller, ChatContext } from '../../commands/types.ts';
import { silentLogger } from '../../src/log.ts';
import { makeCommandDeps } from '../fakes/command-deps.ts';

const chat: ChatContext = { platform: 'discord', chatId: 'c-1', threadId: 't-9', kind: 'group', title: '#news' };
const moderator: Caller = { id: 'm1', name: 'Mo', role: 'moderator' };

async function setup() {
  const { deps } = await makeCommandDeps({ defaultTimezone: 'Europe/Kyiv' });
  const runner = createCommandRunner({ commands, commandDeps: deps, rateLimiter: createRateLimiter({ policies: {}, now: Date.now }), logger: silentLogger() });
  const run = (name: string, text = '') => runner.run({ name, text, chat, caller: moderator });
  return { run, deps };
}

describe('subscription commands', () => {
  it('subscribe, change, pause, resume and unsubscribe keep the settings', async () => {
    const { run, deps } = await setup();
    expect((await run('subscription')).paragraphs?.[0]).toMatch(/no daily digest/);
    await run('subscribe', '07:30 energy, markets');
    let [stored] = await deps.subscriptions.list();
    expect(stored).toMatchObject({ platform: 'discord', chatId: 'c-1', threadId: 't-9', time: '07:30', timezone: 'Europe/Kyiv', topics: ['energy', 'markets'], state: 'active', maxItems: 5, breaking: true });

    await run('subscription', 'weekdays items:7 breaking:off');
    [stored] = await deps.subscriptions.list();
    expect(stored).toMatchObject({ days: [1, 2, 3, 4, 5], maxItems: 7, breaking: false, time: '07:30' });

    await run('pause');
    expect((await deps.subscriptions.list())[0]?.state).toBe('paused');
    expect((await run('resume')).paragraphs?.[0]).toMatch(/next digest arrives at 07:30 \(Europe\/Kyiv\)/);

    await run('unsubscribe');
    [stored] = await deps.subscriptions.list();
    expect(stored?.state).toBe('deactivated');
    expect(stored?.stateReason).toMatch(/unsubscribed by Mo/);

    // Subscribing again restores every earlier setting unless told otherwise.
    await run('subscribe');
    [stored] = await deps.subscriptions.list();
    expect(stored).toMatchObject({ state: 'active', time: '07:30', topics: ['energy', 'markets'], days: [1, 2, 3, 4, 5], maxItems: 7, breaking: false });
    expect(await deps.subscriptions.list()).toHaveLength(1);
  });

  it('explains that the console has no delivery', async () => {
    const { deps } = await makeCommandDeps();
    const runner = createCommandRunner({ commands, commandDeps: deps, rateLimiter: createRateLimiter({ policies: {}, now: Date.now }), logger: silentLogger() });
    const reply = await runner.run({ name: 'subscribe', text: '', chat: { platform: 'console', chatId: 'console', kind: 'private' }, caller: { id: 'me', role: 'operator' } });
    expect(reply.paragraphs?.join(' ')).toMatch(/delivered to Telegram and Discord chats/);
  });
});
