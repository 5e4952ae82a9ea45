import type { Command } from 'commander';
import type { Readable } from 'node:stream';
import { UserError } from '../../src/errors.ts';
import { ingestJsonlStream, ingestTargets, type IngestItemReport } from '../../src/ingest/ingest.ts';
import { line, type CliContext } from './context.ts';
import { userPath } from './paths.ts';

function describe(item: IngestItemReport): string {
  const where = item.index === undefined ? item.target : `${item.target} #${item.index}`;
  switch (item.status) {
    case 'added':
      return `added      ${item.id}  ${item.title}`;
    case 'duplicate':
      return `duplicate  ${item.id}  ${item.title}  (${item.reason === 'near' ? `near-duplicate, ${Math.round((item.similarity ?? 0) * 100)}% similar` : `same ${item.reason}`}; nothing stored)`;
    case 'error':
      return `error      ${where}: ${item.error}`;
  }
}

/** `ingest <file|folder|url|feed>...` and `ingest --jsonl` (stdin). */
export function registerIngest(program: Command, context: CliContext, env: NodeJS.ProcessEnv): void {
  program
    .command('ingest')
    .description('store articles from files, folders, article URLs and feeds (RSS, Atom, JSON Feed), or JSONL on stdin')
    .argument('[targets...]', 'files, folders or URLs')
    .option('--jsonl', 'read {"title","text","url"?,"source"?,"publishedAt"?} lines from stdin')
    .option('--json', 'print one JSON line per item instead of text')
    .action(async (targets: string[], options: { jsonl?: boolean; json?: boolean }) => {
      if (!options.jsonl && targets.length === 0) {
        throw new UserError('usage', 'Nothing to ingest. Example: npm run cli -- ingest ../shared/samples/ukraine-peace-plan.txt (or pipe JSONL into: npm run cli -- ingest --jsonl)');
      }
      const app = await context.app();
      const deps = { store: app.articles, fetcher: app.fetcher };
      const counts = { added: 0, duplicate: 0, error: 0 };
      const started = performance.now();
      const run = async (items: AsyncGenerator<IngestItemReport>) => {
        for await (const item of items) {
          counts[item.status] += 1;
          line(context.stdout, options.json ? JSON.stringify(item) : describe(item));
        }
      };
      if (options.jsonl) await run(ingestJsonlStream(context.stdin as Readable, deps));
      await run(ingestTargets(targets.map((target) => userPath(target, env)), deps));
      const seconds = (performance.now() - started) / 1000;
      const summary = `${counts.added} added, ${counts.duplicate} duplicate${counts.duplicate === 1 ? '' : 's'}, ${counts.error} error${counts.error === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`;
      line(options.json ? context.stderr : context.stdout, summary);
      if (counts.error > 0) context.setExitCode(1);
    });
}
