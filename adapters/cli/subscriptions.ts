import type { Command } from 'commander';
import type { Readable } from 'node:stream';
import { UserError } from '../../src/errors.ts';
import type { Subscription } from '../../src/domain/subscription.ts';
import { importSubscriptionsJsonl } from '../../src/subscriptions/import.ts';
import { validateSubscription } from '../../src/subscriptions/validate.ts';
import { line, type CliContext } from './context.ts';

function describe(subscription: Subscription): string {
  const where = `${subscription.platform} ${subscription.chatId}${subscription.threadId ? `/${subscription.threadId}` : ''}`;
  const state = subscription.state === 'active' ? 'active' : `${subscription.state}${subscription.stateReason ? ` (${subscription.stateReason})` : ''}`;
  const topics = subscription.topics.length > 0 ? subscription.topics.join(', ') : 'all news';
  return `${subscription.id}  ${where.padEnd(32)}  ${subscription.time} ${subscription.timezone.padEnd(20)}  ${state.padEnd(10)}  ${topics}`;
}

/** `subscriptions list|add|remove|import`: daily digest subscriptions, from the command line. */
export function registerSubscriptions(program: Command, context: CliContext): void {
  const group = program.command('subscriptions').description('list, add, remove and import daily digest subscriptions');
  const store = async () => {
    const app = await context.app();
    return { app, store: app.subscriptions };
  };

  group
    .command('list')
    .description('list subscriptions')
    .option('--json', 'print a JSON array of the stored subscriptions')
    .action(async (options: { json?: boolean }) => {
      const { store: subscriptions } = await store();
      const list = await subscriptions.list();
      if (options.json) return line(context.stdout, JSON.stringify(list, null, 2));
      if (list.length === 0) return line(context.stdout, 'No subscriptions yet. Add one with: npm run cli -- subscriptions add --platform telegram --chat -1001234567890 --time 08:00 --tz Europe/Kyiv');
      for (const subscription of list) line(context.stdout, describe(subscription));
      line(context.stdout, `${list.length} subscription${list.length === 1 ? '' : 's'}`);
    });

  group
    .command('add')
    .description('add (or update) the daily digest of one chat')
    .requiredOption('--platform <platform>', 'telegram or discord')
    .requiredOption('--chat <id>', 'chat id (Telegram) or channel id (Discord)')
    .option('--thread <id>', 'Telegram forum topic or Discord thread id')
    .option('--time <HH:MM>', 'local delivery time (default 08:00)')
    .option('--tz <zone>', 'IANA time zone (default DEFAULT_TIMEZONE)')
    .option('--topics <a,b>', 'only stories about these keywords, comma-separated')
    .action(async (options: { platform: string; chat: string; thread?: string; time?: string; tz?: string; topics?: string }) => {
      const { app, store: subscriptions } = await store();
      const input = { platform: options.platform, chat: options.chat, thread: options.thread, time: options.time, timezone: options.tz, topics: options.topics };
      let draft: Subscription;
      try {
        draft = validateSubscription(input, { defaultTimezone: app.config.DEFAULT_TIMEZONE, now: app.now(), createdBy: 'cli' });
      } catch (error) {
        if (error instanceof UserError) throw new UserError('usage', `subscriptions add: ${error.message}`);
        throw error;
      }
      const existing = await subscriptions.get(draft.id);
      const subscription = existing ? validateSubscription(input, { defaultTimezone: app.config.DEFAULT_TIMEZONE, now: app.now(), existing }) : draft;
      await subscriptions.put(subscription);
      line(context.stdout, `${existing ? 'Updated' : 'Added'}: ${describe(subscription)}`);
    });

  group
    .command('remove')
    .description('remove a subscription (to stop without losing settings, pause it in the chat instead)')
    .argument('<id>', 'subscription id (from subscriptions list)')
    .action(async (id: string) => {
      const { store: subscriptions } = await store();
      const existing = await subscriptions.get(id.trim());
      if (existing === undefined) throw new UserError('not_found', `No subscription with id "${id}". List ids with: npm run cli -- subscriptions list`);
      await subscriptions.remove(existing.id);
      line(context.stdout, `Removed: ${describe(existing)}`);
    });

  group
    .command('import')
    .description('import subscriptions from JSONL on stdin: {"platform","chat","thread"?,"time"?,"timezone"?,"topics"?} per line')
    .option('--jsonl', 'read JSONL from stdin (the only format)')
    .option('--json', 'print one JSON line per input line instead of text')
    .action(async (options: { jsonl?: boolean; json?: boolean }) => {
      if (!options.jsonl) throw new UserError('usage', 'Say the format: npm run cli -- subscriptions import --jsonl < subscriptions.jsonl');
      const { app, store: subscriptions } = await store();
      const counts = { added: 0, updated: 0, error: 0 };
      const reports = importSubscriptionsJsonl(context.stdin as Readable, { store: subscriptions, defaultTimezone: app.config.DEFAULT_TIMEZONE, now: app.now, createdBy: 'cli import' });
      for await (const report of reports) {
        counts[report.status] += 1;
        if (options.json) line(context.stdout, JSON.stringify(report));
        else if (report.status === 'error') line(context.stdout, `line ${report.line}: error: ${report.error}`);
      }
      line(options.json ? context.stderr : context.stdout, `${counts.added} added, ${counts.updated} updated, ${counts.error} error${counts.error === 1 ? '' : 's'}`);
      if (counts.error > 0) context.setExitCode(1);
    });
}
