import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKeyvBackend } from '../src/store/keyv-backend.ts';
import { createSubscriptionStore, subscriptionId } from '../src/subscriptions/subscription-store.ts';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.ts';
import { printTable } from './table.ts';
import type { Bench } from './run.ts';

const slot = '2026-11-25T08:00:00.000Z';
const perSecond = 30;

async function seed(dataDir: string, chats: number): Promise<void> {
  const backend = await openKeyvBackend({ dataDir });
  const store = createSubscriptionStore({ backend });
  const subscriptions = Array.from({ length: chats }, (_, i) => {
    const chatId = String(100_000 + i);
    return { id: subscriptionId('telegram', chatId), platform: 'telegram' as const, chatId, time: '08:00', timezone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], topics: [], maxItems: 5, breaking: true, state: 'active' as const, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };
  });
  await store.putMany(subscriptions);
  await backend.close();
}

function child(dataDir: string, api: FakeBotApi): { process: ChildProcess; done: Promise<number | null> } {
  const script = join(import.meta.dirname, 'delivery-child.ts');
  const proc = spawn(process.execPath, [script, dataDir, api.url, new Date(Date.parse(slot) + 30_000).toISOString(), String(perSecond)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const done = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { process: proc, done };
}

function outcome(api: FakeBotApi, chats: number) {
  const delivered = api.stats.received.size;
  let duplicated = 0;
  for (const count of api.stats.received.values()) duplicated += count - 1;
  const times = api.stats.acceptedAt;
  const seconds = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
  // Sustained rate from the 10th message on: the first ones carry process and connection start-up.
  const from = Math.min(10, times.length - 1);
  const rate = times.length > from + 1 ? (times.length - 1 - from) / ((times.at(-1)! - times[from]!) / 1000) : 0;
  return { lost: chats - delivered, duplicated, seconds, rate, rejected: api.stats.rejected429 };
}

async function run(chats: number, api: FakeBotApi, kill: boolean): Promise<Array<string | number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsbrief-delivery-bench-'));
  try {
    api.reset();
    await seed(dataDir, chats);
    let killedAfter = '';
    const first = child(dataDir, api);
    if (kill) {
      // Somewhere between the first messages and the last fifth of the run.
      const at = 1500 + Math.random() * ((chats / perSecond) * 800);
      const timer = setTimeout(() => first.process.kill('SIGKILL'), at);
      const code = await first.done;
      clearTimeout(timer);
      if (code === null) {
        killedAfter = `${(at / 1000).toFixed(1)} s (${api.stats.accepted} sent)`;
        const second = child(dataDir, api);
        await second.done;
      } else {
        killedAfter = 'finished before the kill';
      }
    } else {
      await first.done;
    }
    const result = outcome(api, chats);
    return [kill ? `SIGKILL at ${killedAfter}, restart` : 'one process', chats, result.seconds, result.rate, `${((result.rate / perSecond) * 100).toFixed(1)} %`, result.rejected, result.lost, result.duplicated];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const deliveryBench: Bench = {
  name: 'delivery',
  async run(flags) {
    const index = flags.indexOf('--chats');
    const chats = index >= 0 ? Number(flags[index + 1]) : 2000;
    if (!Number.isInteger(chats) || chats < 10) throw new Error('--chats needs a whole number of at least 10');
    const api = await startFakeBotApi({ perSecond, chatIntervalMs: 1000 });
    try {
      const rows = [await run(chats, api, false), await run(chats, api, true)];
      printTable(`One digest fanned out to ${chats.toLocaleString('en')} Telegram chats through a fake Bot API enforcing ${perSecond} msg/s and 1 msg/s per chat (429 + retry_after beyond)`, ['run', 'chats', 'seconds', 'msg/s sustained', 'of limit', '429s', 'lost', 'duplicated'], rows);
    } finally {
      await api.close();
    }
  },
};
