import { briefingReply } from '../commands/present.ts';
import type { Reply } from '../commands/reply.ts';
import { makeBriefing } from '../tests/discord/briefings.ts';

/**
 * Times an adapter's renderer on briefings of the given sizes (stories × sentences, 250-character
 * sentences): rows of [briefing, messages, ms per render, renders/s] for `printTable`.
 */
export function renderTimingRows(render: (reply: Reply) => readonly unknown[], sizes: ReadonlyArray<readonly [number, number]>, runs: number): Array<Array<string | number>> {
  return sizes.map(([stories, sentences]) => {
    const reply = briefingReply(makeBriefing({ count: stories, sentences, sentenceLength: 250 }));
    let parts = 0;
    const started = performance.now();
    for (let i = 0; i < runs; i += 1) parts = render(reply).length;
    const ms = (performance.now() - started) / runs;
    return [`${stories} stories × ${sentences} sentences`, parts, ms, Math.round(1000 / ms)];
  });
}
