import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import type { Answer } from '../../src/domain/answer.ts';
import { UserError, errorMessage, isUserError } from '../../src/errors.ts';
import { parseSince } from '../../src/time/since.ts';
import type { App } from '../app.ts';
import { line, type CliContext } from './context.ts';

/** One batch output line, exactly the documented shape. */
function answerLine(id: unknown, answer: Answer): string {
  return JSON.stringify({
    id,
    answer: answer.abstained ? null : (answer.answer ?? null),
    quote: answer.abstained ? null : (answer.quote ?? null),
    citations: answer.citations.map((citation) => ({ articleId: citation.articleId, title: citation.title, url: citation.url ?? null })),
    abstained: answer.abstained,
  });
}

async function askBatch(app: App, context: CliContext): Promise<void> {
  const lines = createInterface({ input: context.stdin, crlfDelay: Infinity });
  let errors = 0;
  let number = 0;
  // One question at a time, so output lines follow input lines.
  for await (const raw of lines) {
    number += 1;
    if (raw.trim().length === 0) continue;
    let id: unknown = null;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new UserError('bad_line', `line ${number} is not JSON`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UserError('bad_line', `line ${number} is not a JSON object`);
      const record = parsed as { id?: unknown; question?: unknown };
      id = record.id ?? null;
      if (typeof record.question !== 'string') throw new UserError('bad_line', `line ${number} has no "question" string`);
      const answer = await app.answers.ask(record.question);
      line(context.stdout, answerLine(id, answer));
    } catch (error) {
      if (!isUserError(error)) app.logger.error({ err: error, line: number }, 'ask failed');
      errors += 1;
      line(context.stdout, JSON.stringify({ id, error: errorMessage(error) }));
    }
  }
  if (errors > 0) context.setExitCode(1);
}

function printAnswer(context: CliContext, answer: Answer): void {
  if (answer.abstained) {
    line(context.stdout, answer.note ?? 'Not in the stored articles.');
    if (answer.suggestedSearch) line(context.stdout, `Try: npm run cli -- search "${answer.suggestedSearch}"`);
    return;
  }
  line(context.stdout, answer.answer ?? '');
  if (answer.quote) line(context.stdout, `\n“${answer.quote}”`);
  line(context.stdout);
  for (const citation of answer.citations) line(context.stdout, `[${citation.n}] ${citation.title} — ${citation.source}${citation.url ? ` ${citation.url}` : ''} (id ${citation.articleId})`);
  // The note says how the answer was made (written by the model, or locally after an LLM failure):
  // the bots show it, and a reader of the CLI needs it as much.
  if (answer.note) line(context.stdout, `\n${answer.note}`);
}

/** `ask "question"`, `ask --jsonl` (stdin → stdout) and `search "query" [--since] [--source] [--json]`. */
export function registerAsk(program: Command, context: CliContext): void {
  program
    .command('ask')
    .description('answer a question from the stored articles, with a quote and citations (or say it is not there)')
    .argument('[question...]', 'the question')
    .option('--jsonl', 'read {"id","question"} lines from stdin; write {"id","answer","quote","citations","abstained"} lines in the same order')
    .option('--json', 'print the answer as JSON')
    .action(async (words: string[], options: { jsonl?: boolean; json?: boolean }) => {
      if (options.jsonl) return askBatch(await context.app(), context);
      const question = words.join(' ').trim();
      if (question.length === 0) throw new UserError('usage', 'Ask a question. Example: npm run cli -- ask "who met in Kyiv?" (or pipe JSONL into: npm run cli -- ask --jsonl)');
      const answer = await (await context.app()).answers.ask(question);
      if (options.json) line(context.stdout, JSON.stringify(answer, null, 2));
      else printAnswer(context, answer);
    });

  program
    .command('search')
    .description('search stored articles: words, prefix*, "exact phrases"')
    .argument('<query...>', 'what to look for')
    .option('--since <window>', 'only newer than 24h, 7d, or a date')
    .option('--source <outlet>', 'only this outlet')
    .option('--limit <n>', 'at most this many results (default 10)', (value) => Number.parseInt(value, 10))
    .option('--json', 'print the results as JSON')
    .action(async (words: string[], options: { since?: string; source?: string; limit?: number; json?: boolean }) => {
      const app = await context.app();
      const since = options.since ? parseSince(options.since, app.now()) : undefined;
      const results = await app.search.search(words.join(' '), { since, source: options.source, limit: options.limit ?? 10 });
      if (options.json) {
        line(context.stdout, JSON.stringify(results, null, 2));
        return;
      }
      if (results.hits.length === 0) {
        line(context.stdout, `No stored articles match "${results.query}".`);
        return;
      }
      for (const hit of results.hits) {
        line(context.stdout, `${hit.articleId}  ${(hit.publishedAt ?? '').slice(0, 10)}  ${hit.source}  ${hit.title}`);
        line(context.stdout, `    ${hit.snippet}`);
        if (hit.url) line(context.stdout, `    ${hit.url}`);
      }
      line(context.stdout, `${results.hits.length} of ${results.total} shown`);
    });
}
