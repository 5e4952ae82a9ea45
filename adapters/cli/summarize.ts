import { InvalidArgumentError, type Command } from 'commander';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { prepareDocument } from '../../src/briefing/document.ts';
import { summarizeStory } from '../../src/briefing/story-summary.ts';
import { summarizeText } from '../../src/briefing/summarize.ts';
import { UserError, errorMessage } from '../../src/errors.ts';
import { line, type CliContext } from './context.ts';

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return number;
}

type Summarizer = (row: Record<string, unknown>) => string[];

/**
 * Reads JSON lines from stdin and writes one `{"id","summary"}` line per input, in input
 * order; a line that cannot be summarised gets `{"id","error"}` and the rest continue.
 */
async function summarizeLines(context: CliContext, summarize: Summarizer): Promise<void> {
  const lines = createInterface({ input: context.stdin as Readable, crlfDelay: Infinity });
  let number = 0;
  let failed = 0;
  for await (const raw of lines) {
    number += 1;
    if (raw.trim().length === 0) continue;
    let id: unknown = null;
    try {
      let row: unknown;
      try {
        row = JSON.parse(raw);
      } catch {
        throw new Error(`line ${number} is not valid JSON`);
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`line ${number} is not a JSON object`);
      id = (row as Record<string, unknown>).id ?? null;
      const summary = summarize(row as Record<string, unknown>).join('\n');
      line(context.stdout, JSON.stringify({ id, summary }));
    } catch (error) {
      failed += 1;
      line(context.stdout, JSON.stringify({ id, error: errorMessage(error) }));
    }
  }
  if (failed > 0) context.setExitCode(1);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new Error(`"${field}" must be a string`);
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, field);
}

/**
 * `summarize --jsonl [--sentences N | --chars N]` and `digest --jsonl [--sentences N]`: the
 * local summarizer as a batch filter, for pipelines and for the evaluation.
 */
export function registerSummarize(program: Command, context: CliContext): void {
  program
    .command('summarize')
    .description('summarize articles: reads {"id","text","title"?} lines on stdin, writes {"id","summary"} lines')
    .option('--jsonl', 'read JSON lines from stdin (required)')
    .option('--sentences <n>', 'sentences per summary (default 3)', positiveInteger)
    .option('--chars <n>', 'a character budget per summary instead of a sentence count', positiveInteger)
    .action(async (options: { jsonl?: boolean; sentences?: number; chars?: number }) => {
      if (!options.jsonl) throw new UserError('usage', 'summarize reads JSON lines from stdin. Example: echo \'{"id":"a","text":"…"}\' | npm run cli -- summarize --jsonl');
      if (options.sentences !== undefined && options.chars !== undefined) throw new UserError('usage', 'Give --sentences or --chars, not both.');
      await summarizeLines(context, (row) =>
        summarizeText(text(row.text, 'text'), { sentences: options.sentences ?? 3, chars: options.chars, title: optionalText(row.title, 'title') }),
      );
    });

  // Another group may already own `digest` (e.g. `digest run`); the bare command is ours either way.
  const digest = program.commands.find((command) => command.name() === 'digest') ?? program.command('digest');
  digest
    .description('summarize stories told by several articles: reads {"id","articles":[{"text","title"?}]} lines on stdin, writes {"id","summary"} lines')
    .option('--jsonl', 'read JSON lines from stdin')
    .option('--sentences <n>', 'sentences per summary (default 3)', positiveInteger)
    .action(async (options: { jsonl?: boolean; sentences?: number }) => {
      if (!options.jsonl) throw new UserError('usage', 'digest needs --jsonl (JSON lines on stdin). Example: npm run cli -- digest --jsonl --sentences 9 < stories.jsonl');
      await summarizeLines(context, (row) => {
        if (!Array.isArray(row.articles)) throw new Error('"articles" must be an array of {"text","title"?}');
        const docs = row.articles.map((article: unknown, i: number) => {
          if (typeof article !== 'object' || article === null) throw new Error(`articles[${i}] must be an object with "text"`);
          const { text: body, title } = article as Record<string, unknown>;
          return prepareDocument(text(body, `articles[${i}].text`), optionalText(title, `articles[${i}].title`));
        });
        return summarizeStory(docs, { count: options.sentences ?? 3 }).map((sentence) => sentence.text);
      });
    });
}
