import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config/index.ts';
import type { BreakingUpdate } from '../domain/breaking.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createDeliveryStateStore, type BreakingAudit } from '../store/delivery-state-store.ts';
import type { KeyvBackend } from '../store/keyv-backend.ts';
import { createOutboxStore, outboxRecordId, type OutboxRecord, type OutboxState } from '../store/outbox-store.ts';
import { subscriptionId, type SubscriptionStore } from '../subscriptions/subscription-store.ts';
import { publishBreaking } from './breaking-fanout.ts';
import { runDigests, type DigestRunSummary } from './digest-jobs.ts';
import type { ChatMigratedError, ChatUnreachableError, Notifier } from './notifier.ts';
import { createPlatformWorker, type PlatformWorker, type WorkerStats } from './outbox-worker.ts';
import { alwaysRun, inProcessClaims, type DigestBriefings, type ModeratorNotifier, type OutboxClaims, type RunCoordinator } from './ports.ts';
import { defaultLimits, type Backoff, type PlatformLimits } from './rate-limits.ts';

export type DeliveryConfig = Pick<Config, 'DIGEST_GRACE_MINUTES' | 'DIGEST_MAX_LOOKBACK_HOURS' | 'DELIVERY_MAX_ATTEMPTS' | 'TELEGRAM_MESSAGES_PER_SECOND' | 'OUTBOX_RETENTION_DAYS'>;

export interface DeliveryOptions {
  backend: KeyvBackend;
  subscriptions: SubscriptionStore;
  /** One per configured platform; subscriptions on other platforms wait in the store. */
  notifiers: readonly Notifier[];
  /** The briefing engine (`BriefingPort` fits). */
  briefings: DigestBriefings;
  moderators?: ModeratorNotifier | undefined;
  config: DeliveryConfig;
  logger: Logger;
  /** Wall clock for schedules (digest slots, windows); injectable for tests. */
  now?: (() => Date) | undefined;
  /** Run the per-minute scheduler and daily cleanup (default true; the CLI runs jobs itself). */
  schedule?: boolean | undefined;
  /** Per-platform overrides of the rate limits (tests, self-hosted Bot API servers). */
  limits?: Partial<Record<Notifier['platform'], Partial<PlatformLimits>>> | undefined;
  backoff?: Backoff | undefined;
  coordinator?: RunCoordinator | undefined;
  claims?: OutboxClaims | undefined;
  /** Prefix for the store namespaces (tests sharing one server). */
  namespacePrefix?: string | undefined;
}

export interface DeliveryStats extends WorkerStats {
  /** Records queued in memory, waiting to be sent. */
  queued: number;
  inFlight: number;
}

export interface BreakingReport extends BreakingAudit {
  /** Outbox records (message parts) of this update by state. */
  records: Record<OutboxState, number>;
  /** Chats where it failed, with the reason. */
  failures: Array<{ platform: string; chatId: string; error: string }>;
}

/** The running delivery service. */
export interface Delivery {
  /** `BreakingPort` for /breaking: queues an update for every chat with breaking updates on, once. */
  breaking: { publish(update: BreakingUpdate): Promise<{ queued: number; alreadySent: boolean }> };
  /** Builds and queues the digests due now (`force`: every active subscription's, now). */
  runDueDigests(options?: { now?: Date | undefined; force?: boolean | undefined }): Promise<DigestRunSummary>;
  /** Resolves when the outbox holds nothing this process can send. */
  drain(): Promise<void>;
  stats(): DeliveryStats;
  /** The audit of a breaking update: who sent what, when, to which chats, and how delivery went so far. */
  breakingReport(updateId: string): Promise<BreakingReport | undefined>;
  /** Outbox records by state, from the store. */
  outboxCounts(): Promise<Record<OutboxState, number>>;
  /** Deletes finished outbox records older than OUTBOX_RETENTION_DAYS; returns how many. */
  cleanup(): Promise<number>;
  /** Stops the scheduler and the workers; waits for sends in flight. Pending records stay for the next start. */
  stop(): Promise<void>;
}

/**
 * Starts delivery: resumes every pending outbox record, then (unless `schedule: false`)
 * checks for due digests every minute and cleans the outbox daily.
 *
 * @example
 * const delivery = await startDelivery({ backend, subscriptions, notifiers: [telegramNotifier], briefings, config, logger });
 * const deps = { ...commandDeps, breaking: delivery.breaking };
 * process.on('SIGTERM', () => void delivery.stop());
 */
export async function startDelivery(options: DeliveryOptions): Promise<Delivery> {
  const { config, logger, subscriptions } = options;
  const now = options.now ?? (() => new Date());
  const prefix = options.namespacePrefix ?? '';
  const outbox = createOutboxStore({ backend: options.backend, namespace: `${prefix}outbox` });
  const state = createDeliveryStateStore({ backend: options.backend, prefix });
  const claims = options.claims ?? inProcessClaims();
  const coordinator = options.coordinator ?? alwaysRun;
  const notifiers = new Map(options.notifiers.map((notifier) => [notifier.platform, notifier] as const));
  const workers = new Map<string, PlatformWorker>();

  const onUnreachable = async (record: OutboxRecord, error: ChatUnreachableError) => {
    const subscription = await subscriptions.update(record.subscriptionId, (current) => ({ ...current, state: 'deactivated', stateReason: error.reason, updatedAt: now().toISOString() }));
    const where = subscription?.chatTitle ? `"${subscription.chatTitle}" (${record.chat.platform} ${record.chat.chatId})` : `${record.chat.platform} chat ${record.chat.chatId}`;
    await options.moderators
      ?.notify(`Digest delivery to ${where} stopped: ${error.reason}. The subscription is deactivated with its settings kept; /subscribe there again to restart it.`, {
        platform: record.chat.platform, chatId: record.chat.chatId, subscriptionId: record.subscriptionId, reason: error.reason, chatTitle: subscription?.chatTitle,
      })
      .catch((notifyError: unknown) => logger.error({ err: notifyError }, 'could not notify moderators'));
  };

  const onMigrated = async (records: OutboxRecord[], error: ChatMigratedError): Promise<OutboxRecord[]> => {
    const moved: OutboxRecord[] = [];
    const subscriptionIds = new Map<string, string>();
    for (const record of records) {
      let newId = subscriptionIds.get(record.subscriptionId);
      if (newId === undefined) {
        const old = await subscriptions.get(record.subscriptionId);
        newId = subscriptionId(record.chat.platform as 'telegram' | 'discord', error.newChatId, record.chat.threadId);
        if (old !== undefined) {
          await subscriptions.put({ ...old, id: newId, chatId: error.newChatId, updatedAt: now().toISOString() });
          if (newId !== old.id) await subscriptions.remove(old.id);
          const handled = (await state.handledSlots([old.id])).get(old.id);
          if (handled) await state.setHandledSlot(newId, handled);
        }
        subscriptionIds.set(record.subscriptionId, newId);
      }
      const key = `${record.kind}:${record.contentId}:${newId}:${record.part}`;
      moved.push({ ...record, id: outboxRecordId(key), key, subscriptionId: newId, chat: { ...record.chat, chatId: error.newChatId }, attempts: 0, notBefore: undefined, lastError: undefined });
    }
    return outbox.add(moved);
  };

  const cancelReason = async (record: OutboxRecord): Promise<string | undefined> => {
    const subscription = await subscriptions.get(record.subscriptionId);
    if (subscription === undefined) return 'the subscription was removed';
    if (subscription.state !== 'active') return `the subscription is ${subscription.state}`;
    if (record.kind === 'breaking' && !subscription.breaking) return 'breaking updates were turned off';
    return undefined;
  };
  for (const notifier of options.notifiers) {
    const limits = { ...defaultLimits(notifier.platform, config.TELEGRAM_MESSAGES_PER_SECOND), ...options.limits?.[notifier.platform] };
    workers.set(notifier.platform, createPlatformWorker({
      notifier, outbox, claims, limits, logger: logger.child({ platform: notifier.platform }),
      backoff: options.backoff ?? { baseMs: 2000, maxMs: 120_000 }, maxAttempts: config.DELIVERY_MAX_ATTEMPTS, onUnreachable, onMigrated, cancelReason,
    }));
  }
  const enqueue = (records: OutboxRecord[]) => {
    for (const record of records) workers.get(record.chat.platform)?.enqueue([record]);
  };

  const pending = await outbox.list({ state: 'pending' });
  enqueue(pending);
  if (pending.length > 0) logger.info({ pending: pending.length }, 'resuming the outbox');

  const digestDeps = {
    subscriptions, outbox, state, briefings: options.briefings, notifiers, logger, enqueue,
    graceMs: config.DIGEST_GRACE_MINUTES * 60_000, maxLookbackMs: config.DIGEST_MAX_LOOKBACK_HOURS * 3_600_000,
  };
  // One run at a time: a slow briefing never lets two ticks queue the same slot.
  let digestRun: Promise<unknown> = Promise.resolve();
  const runDueDigests = (runOptions: { now?: Date | undefined; force?: boolean | undefined } = {}) => {
    const run = digestRun.then(async () => {
      if (!(await coordinator.shouldRun('digests'))) return { digests: 0, messages: 0, briefings: 0, skipped: 0, noNotifier: 0, errors: 0 };
      return runDigests(digestDeps, runOptions.now ?? now(), { force: runOptions.force ?? false });
    });
    digestRun = run.catch(() => {});
    return run;
  };
  const cleanup = async () => {
    const removed = await outbox.removeFinishedBefore(now().getTime() - config.OUTBOX_RETENTION_DAYS * 86_400_000);
    if (removed > 0) logger.info({ removed }, 'outbox records past retention removed');
    return removed;
  };

  const tasks: ScheduledTask[] = [];
  if (options.schedule ?? true) {
    const guard = (job: string, work: () => Promise<unknown>) => async () => {
      try {
        await work();
      } catch (error) {
        logger.error({ err: error, job, error: errorMessage(error) }, 'scheduled job failed');
      }
    };
    tasks.push(cron.schedule('* * * * *', guard('digests', () => runDueDigests()), { name: 'digests', noOverlap: true }));
    tasks.push(cron.schedule('17 3 * * *', guard('outbox-cleanup', cleanup), { name: 'outbox-cleanup', noOverlap: true }));
    // Catch up at start: a digest missed while down is sent now if still within grace.
    void guard('digests', () => runDueDigests())();
    void guard('outbox-cleanup', cleanup)();
  }

  const breakingDeps = { subscriptions, outbox, state, notifiers, logger, now, enqueue };
  return {
    breaking: { publish: (update) => publishBreaking(breakingDeps, update) },
    runDueDigests,
    drain: async () => {
      // A migration can enqueue on a worker already drained; loop until all are idle together.
      for (;;) {
        await Promise.all([...workers.values()].map((worker) => worker.drain()));
        if ([...workers.values()].every((worker) => worker.queued() === 0 && worker.inFlight() === 0)) return;
      }
    },
    stats: () => {
      const total: DeliveryStats = { queued: 0, inFlight: 0, sent: 0, failed: 0, retried: 0, rateLimited: 0, unreachable: 0, migrated: 0 };
      for (const worker of workers.values()) {
        total.queued += worker.queued();
        total.inFlight += worker.inFlight();
        for (const key of Object.keys(worker.stats) as Array<keyof WorkerStats>) total[key] += worker.stats[key];
      }
      return total;
    },
    breakingReport: async (updateId) => {
      const audit = await state.breakingAudit(updateId);
      if (audit === undefined) return undefined;
      const records: Record<OutboxState, number> = { pending: 0, sent: 0, failed: 0, cancelled: 0, moved: 0 };
      const failures: BreakingReport['failures'] = [];
      for (const record of await outbox.list({ kind: 'breaking' })) {
        if (record.contentId !== updateId) continue;
        records[record.state] += 1;
        if (record.state === 'failed') failures.push({ platform: record.chat.platform, chatId: record.chat.chatId, error: record.lastError ?? 'failed' });
      }
      return { ...audit, records, failures };
    },
    outboxCounts: () => outbox.counts(),
    cleanup,
    stop: async () => {
      for (const task of tasks) await task.destroy();
      await digestRun;
      await Promise.all([...workers.values()].map((worker) => worker.stop()));
    },
  };
}
