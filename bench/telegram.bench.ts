import { renderReply } from '../adapters/telegram/render.ts';
import { briefingReply } from '../commands/present.ts';
import { makeBriefing } from '../tests/discord/briefings.ts';
import { commandUpdate } from '../tests/fakes/telegram-bot-api.ts';
import { startHarness } from '../tests/telegram/harness.ts';
import { renderTimingRows } from './render-timing.ts';
import type { Bench } from './run.ts';
import { percentile, printTable } from './table.ts';

/** Injects `count` /brief updates from distinct private chats and times update → last reply part. */
async function replyLatency(count: number, engineMs: number) {
  const harness = await startHarness();
  // Five stories: exactly what /brief shows by default, so no "More" button changes the count.
  harness.engine.briefings.next = makeBriefing({ count: 5, sentences: 3, sentenceLength: 200 });
  const brief = harness.engine.briefings.brief.bind(harness.engine.briefings);
  harness.engine.briefings.brief = async (request) => {
    await new Promise((resolve) => setTimeout(resolve, engineMs));
    return brief(request);
  };
  const injected = new Map<string, number>();
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const userId = 50_000 + i;
    injected.set(String(userId), Date.now());
    harness.fake.injectUpdate(commandUpdate({ text: '/brief', userId }));
  }
  const partsPerReply = renderReply(briefingReply(harness.engine.briefings.next)).length;
  await harness.fake.waitFor('sendMessage', count * partsPerReply, 120_000);
  const seconds = (performance.now() - started) / 1000;
  const typing = new Map(harness.fake.callsTo('sendChatAction').map((call) => [String(call.body.chat_id), call.at]));
  const last = new Map<string, number>();
  for (const call of harness.fake.callsTo('sendMessage')) last.set(String(call.body.chat_id), call.at);
  const typingMs = [...injected].map(([chat, at]) => typing.get(chat)! - at);
  const doneMs = [...injected].map(([chat, at]) => last.get(chat)! - at);
  await harness.close();
  return { typingMs, doneMs, seconds, partsPerReply };
}

/** Rendering cost, and update → reply latency with real grammY long polling against the loopback fake Bot API. */
export const telegramBench: Bench = {
  name: 'telegram',
  async run(flags) {
    const quick = flags.includes('--quick');
    const renderRows = renderTimingRows((reply) => renderReply(reply), [[5, 3], [10, 6], [30, 6]] as const, quick ? 20 : 200);
    printTable('Render a briefing into Telegram HTML messages (≤ 4096)', ['briefing', 'messages', 'ms per render', 'renders/s'], renderRows);

    const rows: Array<Array<string | number>> = [];
    for (const [count, engineMs] of quick ? [[20, 0]] : [[200, 0], [60, 2500]]) {
      const result = await replyLatency(count!, engineMs!);
      rows.push([count!, engineMs!, result.partsPerReply, percentile(result.typingMs, 50), percentile(result.typingMs, 95), percentile(result.doneMs, 50), percentile(result.doneMs, 95), Math.round(count! / result.seconds)]);
    }
    printTable('/brief updates injected at once: update → "typing…" and → last reply part, ms', ['updates', 'engine ms', 'parts', 'typing p50', 'typing p95', 'done p50', 'done p95', 'replies/s'], rows);
  },
};
