import { machineLine } from './table.ts';
import { discordBench } from './discord.bench.ts';
import { ingestBench } from './ingest.bench.ts';
import { feedPollBench } from './feed-poll.bench.ts';
import { briefingBench } from './briefing.bench.ts';
import { evalBench } from './eval.ts';
import { groundingBench } from './grounding.bench.ts';
import { telegramBench } from './telegram.bench.ts';
import { answersBench } from './answers.bench.ts';
import { deliveryBench } from './delivery.bench.ts';

/** A benchmark: prints its own tables. `flags` are the command-line flags after `npm run bench --`. */
export interface Bench {
  name: string;
  run(flags: readonly string[]): Promise<void>;
}

/** Every benchmark, in the order `npm run bench` runs them; `--only NAME` runs one. */
const benches: Bench[] = [ingestBench, feedPollBench, briefingBench, answersBench, discordBench, telegramBench, deliveryBench, groundingBench, evalBench];

const flags = process.argv.slice(2);
const onlyIndex = flags.indexOf('--only');
const only = onlyIndex >= 0 ? flags[onlyIndex + 1] : undefined;
console.log(`# newsbrief benchmarks\n\nMachine: ${await machineLine()}`);
for (const bench of benches) {
  if (only !== undefined && bench.name !== only) continue;
  console.log(`\n## ${bench.name}`);
  await bench.run(flags);
}
