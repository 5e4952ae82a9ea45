import type { Bench } from './run.ts';
import { flagValue, type EvalSection } from './eval-section.ts';
import { summariesEval } from './summaries.eval.ts';
import { machineLine } from './table.ts';

/** Every evaluation section, in the order `npm run eval` runs them; `--only NAME` runs one. */
const sections: EvalSection[] = [summariesEval];

/** Runs the sections; `--only NAME` (a section name) runs one, `--limit N` caps examples per data set. */
export async function runEval(flags: readonly string[], log: (line: string) => void): Promise<void> {
  const only = flagValue(flags, '--only');
  // `npm run bench -- --only eval` passes the bench's own --only through: run every section then.
  const selected = sections.filter((section) => only === undefined || !sections.some((s) => s.name === only) || section.name === only);
  for (const section of selected) {
    log(`\n## Evaluation: ${section.name}`);
    await section.run({ flags, log });
  }
}

/** The evaluation as one benchmark of `npm run bench`. */
export const evalBench: Bench = { name: 'eval', run: (flags) => runEval(flags, (line) => console.log(line)) };

if (import.meta.main) {
  console.log(`# newsbrief evaluation\n\nMachine: ${await machineLine()}\nCommand: npm run eval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);
  await runEval(process.argv.slice(2), (line) => console.log(line));
}
