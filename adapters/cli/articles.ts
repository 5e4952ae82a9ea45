import type { Command } from 'commander';
import { UserError } from '../../src/errors.ts';
import { parseSince } from '../../src/time/since.ts';
import { line, type CliContext } from './context.ts';

/** `articles list [--json]` and `articles show ID`. */
export function registerArticles(program: Command, context: CliContext): void {
  const articles = program.command('articles').description('list and show stored articles');

  articles
    .command('list')
    .description('list stored articles, newest first')
    .option('--json', 'print a JSON array of {"id","title","url","source","publishedAt"}')
    .option('--limit <n>', 'at most this many', (value) => Number.parseInt(value, 10))
    .option('--source <outlet>', 'only this outlet')
    .option('--since <window>', 'only newer than 24h, 7d, or a date')
    .action(async (options: { json?: boolean; limit?: number; source?: string; since?: string }) => {
      const app = await context.app();
      const since = options.since ? parseSince(options.since, app.now()) : undefined;
      const list = app.articles.list({ limit: options.limit, source: options.source, since });
      if (options.json) {
        const rows = list.map((meta) => ({ id: meta.id, title: meta.title, url: meta.url ?? null, source: meta.source, publishedAt: meta.publishedAt ?? null }));
        line(context.stdout, JSON.stringify(rows, null, 2));
        return;
      }
      if (list.length === 0) {
        line(context.stdout, 'No articles stored yet. Add some with: npm run cli -- ingest <file|folder|url>');
        return;
      }
      for (const meta of list) {
        const date = (meta.publishedAt ?? meta.ingestedAt).slice(0, 16).replace('T', ' ');
        line(context.stdout, `${meta.id}  ${date}  ${meta.source.padEnd(18).slice(0, 18)}  ${meta.title}`);
      }
      line(context.stdout, `${list.length} article${list.length === 1 ? '' : 's'}`);
    });

  articles
    .command('show')
    .description('show one article: title, source, date, link and the stored text')
    .argument('<id>', 'article id (from articles list)')
    .option('--json', 'print the stored article as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const app = await context.app();
      const article = await app.articles.get(id.trim());
      if (article === undefined) throw new UserError('not_found', `No article with id "${id}". List ids with: npm run cli -- articles list`);
      if (options.json) {
        const { signature: _signature, ...shown } = article;
        line(context.stdout, JSON.stringify(shown, null, 2));
        return;
      }
      line(context.stdout, article.title);
      line(context.stdout, `Source: ${article.source}`);
      line(context.stdout, `Published: ${article.publishedAt ?? 'unknown'} (stored ${article.ingestedAt})`);
      line(context.stdout, `Link: ${article.url ?? 'none (ingested from a file)'}`);
      for (const alias of article.aliases ?? []) line(context.stdout, `Also at: ${alias.url ?? alias.source} (${alias.kind} duplicate)`);
      line(context.stdout);
      line(context.stdout, article.text);
    });
}
