import type { Command } from 'commander';
import { UserError } from '../../src/errors.ts';
import { startDelivery } from '../../src/delivery/start-delivery.ts';
import { createDeliveryStateStore } from '../../src/store/delivery-state-store.ts';
import { createOutboxStore } from '../../src/store/outbox-store.ts';
import { createDeliveryWiring } from '../delivery-wiring.ts';
import { line, type CliContext } from './context.ts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `digest run [--now]` and `outbox status`. */
export function registerDelivery(program: Command, context: CliContext): void {
  // Another group registers `digest` (batch summaries); `run` joins it whichever registers first.
  const digest = program.commands.find((command) => command.name() === 'digest') ?? program.command('digest').description('digests');
  digest
    .command('run')
    .description('resume the outbox, queue the digests due now (or, with --now, every active subscription), deliver, and exit')
    .option('--now', "send every active subscription's digest now, whatever its schedule")
    .action(async (options: { now?: boolean }) => {
      const app = await context.app();
      const wiring = await (context.deliveryWiring ?? createDeliveryWiring)(app);
      try {
        if (wiring.notifiers.length === 0) {
          throw new UserError('no_platform', 'No chat platform is configured: set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT for a self-hosted Bot API server) or DISCORD_TOKEN in .env, as for npm start.');
        }
        const delivery = await startDelivery({
          backend: app.backend, subscriptions: app.subscriptions, notifiers: wiring.notifiers, briefings: app.briefings,
          moderators: wiring.moderators, config: app.config, logger: app.logger, now: app.now, schedule: false,
        });
        const resumed = delivery.stats().queued + delivery.stats().inFlight;
        const started = performance.now();
        const summary = await delivery.runDueDigests({ force: options.now ?? false });
        await delivery.drain();
        const stats = delivery.stats();
        await delivery.stop();
        const seconds = (performance.now() - started) / 1000;
        if (resumed > 0) line(context.stdout, `Resumed ${plural(resumed, 'message')} left in the outbox.`);
        line(context.stdout, `Digests: ${summary.digests} queued (${plural(summary.messages, 'message')}, ${plural(summary.briefings, 'briefing')} built), ${summary.skipped} skipped as too late.`);
        if (summary.noNotifier > 0) line(context.stdout, `${plural(summary.noNotifier, 'subscription')} on a platform that is not configured here: left for later.`);
        line(context.stdout, `Delivered: ${stats.sent} sent, ${stats.failed} failed, ${stats.retried} retried, ${stats.rateLimited} rate-limited waits, ${stats.unreachable} chats deactivated, ${stats.migrated} migrated, in ${seconds.toFixed(1)} s.`);
        if (stats.failed > 0 || summary.errors > 0) context.setExitCode(1);
      } finally {
        await wiring.close?.();
      }
    });

  program
    .command('outbox')
    .description('the delivery outbox')
    .command('status')
    .description('count outbox records by state, with pending ones per platform and recent failures')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { json?: boolean }) => {
      const app = await context.app();
      const outbox = createOutboxStore({ backend: app.backend });
      const records = await outbox.list();
      const counts = await outbox.counts();
      const pending = records.filter((record) => record.state === 'pending');
      const byPlatform: Record<string, number> = {};
      for (const record of pending) byPlatform[record.chat.platform] = (byPlatform[record.chat.platform] ?? 0) + 1;
      const failures = records.filter((record) => record.state === 'failed').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 5);
      const audits = (await createDeliveryStateStore({ backend: app.backend }).breakingAuditsSince(app.now().getTime() - 7 * 86_400_000)).sort((a, b) => b.queuedAt.localeCompare(a.queuedAt)).slice(0, 5);
      const breaking = audits.map((audit) => {
        const own = records.filter((record) => record.kind === 'breaking' && record.contentId === audit.update.id);
        return { id: audit.update.id, at: audit.queuedAt, by: audit.update.requestedBy.name ?? audit.update.requestedBy.userId, text: audit.update.text, chats: audit.subscriptionIds.length, sent: own.filter((record) => record.state === 'sent').length, failed: own.filter((record) => record.state === 'failed').length, pending: own.filter((record) => record.state === 'pending').length };
      });
      if (options.json) return line(context.stdout, JSON.stringify({ counts, pendingByPlatform: byPlatform, oldestPending: pending[0]?.createdAt ?? null, recentFailures: failures.map((record) => ({ chat: record.chat, kind: record.kind, error: record.lastError, at: record.updatedAt })), breakingUpdates: breaking }, null, 2));
      line(context.stdout, `Outbox: ${counts.pending} pending, ${counts.sent} sent, ${counts.failed} failed, ${counts.cancelled} cancelled, ${counts.moved} moved.`);
      if (pending.length > 0) {
        const oldest = pending.reduce((min, record) => (record.createdAt < min ? record.createdAt : min), pending[0]!.createdAt);
        line(context.stdout, `Pending by platform: ${Object.entries(byPlatform).map(([platform, count]) => `${platform} ${count}`).join(', ')}; oldest queued ${oldest}.`);
      }
      for (const record of failures) line(context.stdout, `failed  ${record.updatedAt}  ${record.chat.platform} ${record.chat.chatId}  ${record.kind}  ${record.lastError ?? ''}`);
      for (const update of breaking) line(context.stdout, `breaking  ${update.at}  by ${update.by}  to ${plural(update.chats, 'chat')}: ${update.sent} sent, ${update.failed} failed, ${update.pending} pending  "${update.text.slice(0, 60)}"`);
    });
}
