import { renderReply } from '../adapters/discord/render.ts';
import { snowflakeTime } from '../tests/fakes/discord-api.ts';
import { makeBriefing } from '../tests/discord/briefings.ts';
import { slashCommand, startHarness } from '../tests/discord/harness.ts';
import { renderTimingRows } from './render-timing.ts';
import type { Bench } from './run.ts';
import { percentile, printTable } from './table.ts';

async function ackLatency(count: number, concurrency: number, engineMs: number) {
  const harness = await startHarness();
  harness.engine.briefings.next = makeBriefing({ count: 5, sentences: 3, sentenceLength: 200 });
  const brief = harness.engine.briefings.brief.bind(harness.engine.briefings);
  harness.engine.briefings.brief = async (request) => {
    await new Promise((resolve) => setTimeout(resolve, engineMs));
    return brief(request);
  };
  const ack: number[] = [];
  const done: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const raw = slashCommand('brief', { limit: 5 });
      await harness.dispatch(raw);
      const created = snowflakeTime(raw.id);
      const requests = harness.fake.requests.filter((request) => request.path.includes(raw.id) || request.path.includes(raw.token));
      ack.push(requests[0]!.at - created);
      done.push(requests.at(-1)!.at - created);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const rejected = harness.fake.rejections.length;
  await harness.close();
  return { ack, done, seconds, rejected };
}

/** Rendering cost, and how fast interactions are acknowledged against the loopback fake Discord API. */
export const discordBench: Bench = {
  name: 'discord',
  async run(flags) {
    const quick = flags.includes('--quick');
    const renderRows = renderTimingRows((reply) => renderReply(reply), [[5, 3], [10, 6]] as const, quick ? 50 : 500);
    printTable('Render a briefing into Discord messages', ['briefing', 'messages', 'ms per render', 'renders/s'], renderRows);

    const rows: Array<Array<string | number>> = [];
    for (const [count, concurrency, engineMs] of quick ? [[20, 1, 0]] : [[200, 1, 0], [200, 20, 0], [60, 20, 2500]]) {
      const result = await ackLatency(count!, concurrency!, engineMs!);
      rows.push([count!, concurrency!, engineMs!, percentile(result.ack, 50), percentile(result.ack, 95), Math.max(...result.ack), percentile(result.done, 95), result.rejected, Math.round(count! / result.seconds)]);
    }
    printTable('/brief: creation → first callback (deferred) and → last message, ms', ['interactions', 'concurrent', 'engine ms', 'ack p50', 'ack p95', 'ack max', 'done p95', 'rejected', 'per s'], rows);
  },
};
