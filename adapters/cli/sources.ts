import type { Command } from 'commander';
import { UserError } from '../../src/errors.ts';
import { createSourcePoller, type SourcePollReport } from '../../src/sources/poller.ts';
import type { SourceSummary } from '../../src/sources/sources-service.ts';
import type { App } from '../app.ts';
import { line, type CliContext } from './context.ts';

function sourcesOf(app: App) {
  if (app.sources === undefined || app.sourceStore === undefined || app.fetcher === undefined) throw new UserError('not_available', 'Feed sources are not available in this build.');
  return { service: app.sources, store: app.sourceStore, fetcher: app.fetcher };
}

function health(source: SourceSummary): string {
  if (source.paused) return 'paused';
  if (source.failures > 0) return `failing ×${source.failures}`;
  return source.lastSuccessAt ? 'ok' : 'new';
}

const moved = (report: SourcePollReport) => (report.movedTo ? `; moved permanently, now ${report.movedTo}` : '');

function describePoll(report: SourcePollReport): string {
  const name = report.title ?? report.url;
  const time = `${Math.round(report.ms)} ms`;
  switch (report.status) {
    case 'updated':
      return `${report.id}  updated       ${name}: ${report.added} new, ${report.duplicates} already stored${report.itemErrors.length > 0 ? `, ${report.itemErrors.length} skipped (${report.itemErrors[0]})` : ''}${moved(report)} (${time})`;
    case 'not_modified':
      return `${report.id}  not modified  ${name}${moved(report)} (${time})`;
    case 'failed':
      return `${report.id}  failed        ${name}: ${report.error}${report.paused ? '' : ` (failure ${report.failures}; next try after ${report.nextAttemptAt?.slice(0, 16).replace('T', ' ')} UTC)`}`;
  }
}

const notFound = (target: string) => new UserError('not_found', `No feed "${target.slice(0, 80)}". See them with: npm run cli -- sources list`);

/** `sources add|list|remove|pause|resume|poll`: the feeds newsbrief polls. */
export function registerSources(program: Command, context: CliContext): void {
  const sources = program.command('sources').description('manage the feeds newsbrief polls (RSS, Atom, JSON Feed)');

  sources
    .command('add')
    .description('add a feed (or a page that names its feed), fetch it once and store its articles')
    .argument('<url>', 'feed URL')
    .option('--title <title>', 'name to show instead of the feed\'s own title')
    .option('--json', 'print the added source as JSON')
    .action(async (url: string, options: { title?: string; json?: boolean }) => {
      const { service } = sourcesOf(await context.app());
      const { source, stored, duplicates = 0, skipped = [] } = await service.add(url, { title: options.title, addedBy: 'cli' });
      if (options.json) return line(context.stdout, JSON.stringify({ ...source, stored, duplicates, skipped }));
      line(context.stdout, `Added ${source.id}  ${source.title ?? source.url}  ${source.url}`);
      const already = duplicates > 0 ? ` (${duplicates} already stored)` : '';
      line(context.stdout, `Stored ${stored} article${stored === 1 ? '' : 's'} from it now${already}; it is polled on POLL_SCHEDULE from now on.`);
      // A bad item does not stop the feed, but whoever added it should know it was left out.
      if (skipped.length > 0) line(context.stdout, `Skipped ${skipped.length} item${skipped.length === 1 ? '' : 's'}: ${skipped.join('; ')}`);
    });

  sources
    .command('list')
    .description('list feeds with their health')
    .option('--json', 'print a JSON array of sources')
    .action(async (options: { json?: boolean }) => {
      const { service } = sourcesOf(await context.app());
      const list = await service.list();
      if (options.json) return line(context.stdout, JSON.stringify(list, null, 2));
      if (list.length === 0) return line(context.stdout, 'No feeds yet. Add one with: npm run cli -- sources add https://example.com/feed.xml');
      for (const source of list) {
        line(context.stdout, `${source.id}  ${health(source).padEnd(12)}  ${String(source.itemCount ?? 0).padStart(5)} articles  ${source.title ?? '(untitled)'}  ${source.url}`);
        if (source.failures > 0 && source.lastError) line(context.stdout, `          last error: ${source.lastError}`);
      }
      line(context.stdout, `${list.length} feed${list.length === 1 ? '' : 's'}`);
    });

  sources
    .command('remove')
    .description('stop polling a feed (its stored articles stay)')
    .argument('<id-or-url>', 'source id (from sources list) or feed URL')
    .action(async (target: string) => {
      const { service } = sourcesOf(await context.app());
      const removed = await service.remove(target);
      if (removed === undefined) throw notFound(target);
      line(context.stdout, `Removed ${removed.id}  ${removed.title ?? removed.url}. Its stored articles stay.`);
    });

  for (const [name, paused] of [['pause', true], ['resume', false]] as const) {
    sources
      .command(name)
      .description(paused ? 'stop polling a feed for now' : 'poll a paused feed again (also ends any backoff)')
      .argument('<id-or-url>', 'source id (from sources list) or feed URL')
      .action(async (target: string) => {
        const { service } = sourcesOf(await context.app());
        const changed = await service.setPaused(target, paused);
        if (changed === undefined) throw notFound(target);
        line(context.stdout, `${paused ? 'Paused' : 'Resumed'} ${changed.id}  ${changed.title ?? changed.url}.`);
      });
  }

  sources
    .command('poll')
    .description('poll every active feed once now (ignoring backoff) and print what each gave')
    .option('--json', 'print one JSON line per source')
    .action(async (options: { json?: boolean }) => {
      const app = await context.app();
      const { store, fetcher } = sourcesOf(app);
      const poller = createSourcePoller({ sources: store, store: app.articles, fetcher, concurrency: app.config.POLL_CONCURRENCY, logger: app.logger, now: app.now });
      const reports = await poller.pollAll();
      for (const report of reports) line(context.stdout, options.json ? JSON.stringify(report) : describePoll(report));
      const failed = reports.filter((report) => report.status === 'failed').length;
      const added = reports.reduce((sum, report) => sum + report.added, 0);
      const summary = reports.length === 0 ? 'No active feeds to poll.' : `${reports.length} feed${reports.length === 1 ? '' : 's'} polled: ${added} new article${added === 1 ? '' : 's'}, ${failed} failed`;
      line(options.json ? context.stderr : context.stdout, summary);
      if (failed > 0) context.setExitCode(1);
    });
}
