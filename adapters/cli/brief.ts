import { InvalidArgumentError, type Command } from 'commander';
import { renderBriefingText } from '../../src/briefing/render-text.ts';
import { parseSince } from '../../src/time/since.ts';
import { line, type CliContext } from './context.ts';

function storyCount(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 50) throw new InvalidArgumentError('expected a whole number from 1 to 50');
  return number;
}

/** `brief [topic...] [--since 24h] [--limit 5] [--json]`: a briefing of the stored articles, as Markdown or JSON (LLM-written in LLM mode). */
export function registerBrief(program: Command, context: CliContext): void {
  program
    .command('brief')
    .description('a briefing of the stored articles: stories grouped across outlets, each sentence cited')
    .argument('[topics...]', 'topic words; several topics separated by commas')
    .option('--since <window>', 'only articles newer than 24h, 7d, or a date')
    .option('--limit <n>', 'how many stories (default 5)', storyCount)
    .option('--json', 'print the Briefing value as JSON')
    .action(async (words: string[], options: { since?: string; limit?: number; json?: boolean }) => {
      const app = await context.app();
      const since = options.since ? parseSince(options.since, app.now()) : undefined;
      const topics = words.join(' ').split(',').map((topic) => topic.trim()).filter(Boolean);
      // The same engine the commands and digests use: the LLM over the local one when it is configured.
      const briefing = await app.briefings.brief({ topics: topics.length > 0 ? topics : undefined, since, maxItems: options.limit ?? 5 });
      context.stdout.write(options.json ? `${JSON.stringify(briefing, null, 2)}\n` : renderBriefingText(briefing));
      if (briefing.items.length === 0 && !options.json) line(context.stderr, 'Tip: add articles with npm run cli -- ingest <file|folder|url|feed>');
    });
}
