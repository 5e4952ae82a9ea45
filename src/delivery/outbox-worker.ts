import type { Logger } from '../log.ts';
import { errorMessage } from '../errors.ts';
import type { OutboxRecord, OutboxStore } from '../store/outbox-store.ts';
import { ChatMigratedError, ChatUnreachableError, RateLimitedError, RejectedMessageError, type Notifier } from './notifier.ts';
import type { OutboxClaims } from './ports.ts';
import { backoffDelay, chatInterval, type Backoff, type PlatformLimits } from './rate-limits.ts';

export interface WorkerStats {
  sent: number;
  failed: number;
  retried: number;
  rateLimited: number;
  unreachable: number;
  migrated: number;
}

export interface PlatformWorkerOptions {
  notifier: Notifier;
  outbox: OutboxStore;
  claims: OutboxClaims;
  limits: PlatformLimits;
  backoff: Backoff;
  maxAttempts: number;
  logger: Logger;
  /** The chat is gone: deactivate its subscription and tell moderators. */
  onUnreachable(record: OutboxRecord, error: ChatUnreachableError): Promise<void>;
  /** The chat moved: store and return the records that replace `records` at the new chat. */
  onMigrated(records: OutboxRecord[], error: ChatMigratedError): Promise<OutboxRecord[]>;
  /** Why this record must not be sent any more (its subscription was paused or removed), if so. */
  cancelReason?(record: OutboxRecord): Promise<string | undefined>;
}

export interface PlatformWorker {
  enqueue(records: readonly OutboxRecord[]): void;
  /** Resolves when nothing is queued or in flight. */
  drain(): Promise<void>;
  /** Stops starting sends and waits for the ones in flight; queued records stay pending in the store. */
  stop(): Promise<void>;
  queued(): number;
  inFlight(): number;
  readonly stats: WorkerStats;
}

interface Lane {
  key: string;
  queue: OutboxRecord[];
  readyAt: number;
  busy: boolean;
}

const laneKey = (record: OutboxRecord) => `${record.chat.chatId}\u0000${record.chat.threadId ?? ''}`;
/** The records of one multi-part message to one chat. */
const groupKey = (record: OutboxRecord) => `${record.kind}\u0000${record.contentId}\u0000${record.subscriptionId}`;

/** Groups with a part already sent or being sent: their lowest part still waiting (from `from`) is not part 0. */
function begunGroups(queue: readonly OutboxRecord[], from: number): Set<string> {
  const lowest = new Map<string, number>();
  for (const record of queue.slice(from)) lowest.set(groupKey(record), Math.min(lowest.get(groupKey(record)) ?? record.part, record.part));
  return new Set([...lowest].filter(([, part]) => part > 0).map(([key]) => key));
}
const before = (a: OutboxRecord, b: OutboxRecord) =>
  a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.contentId.localeCompare(b.contentId) || a.part - b.part;

/**
 * Sends one platform's outbox records: one at a time per chat (in part order), paced to
 * the platform's limits, honouring 429 `retry_after`, retrying transient failures with
 * backoff up to `maxAttempts`. Every state change is written to the outbox before the
 * next send to that chat, so a restart resumes exactly where this left off.
 */
export function createPlatformWorker(options: PlatformWorkerOptions): PlatformWorker {
  const { notifier, outbox, limits, logger } = options;
  const lanes = new Map<string, Lane>();
  const known = new Set<string>();
  const stats: WorkerStats = { sent: 0, failed: 0, retried: 0, rateLimited: 0, unreachable: 0, migrated: 0 };
  const spacing = 1000 / limits.perSecond;
  let nextGlobalAt = 0;
  let pausedUntil = 0;
  let inFlight = 0;
  let queuedCount = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let idleWaiters: Array<() => void> = [];
  const running = new Set<Promise<void>>();

  const settleIdle = () => {
    if (queuedCount === 0 && inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const wakeAt = (at: number) => {
    if (stopped || at >= timerAt) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      pump();
    }, Math.max(0, at - Date.now()));
  };

  const readyTime = (lane: Lane) => Math.max(lane.readyAt, lane.queue[0]?.notBefore ?? 0);

  const pump = () => {
    while (!stopped && inFlight < limits.concurrency) {
      const now = Date.now();
      const gate = Math.max(pausedUntil, nextGlobalAt);
      if (now < gate) return wakeAt(gate);
      let best: Lane | undefined;
      let earliest = Infinity;
      for (const lane of lanes.values()) {
        if (lane.busy || lane.queue.length === 0) continue;
        const ready = readyTime(lane);
        if (ready > now) {
          earliest = Math.min(earliest, ready);
          continue;
        }
        if (best === undefined || before(lane.queue[0]!, best.queue[0]!) < 0) best = lane;
      }
      if (best === undefined) {
        if (earliest < Infinity) wakeAt(earliest);
        return;
      }
      // Paced against the ideal schedule, so a slightly late timer costs no throughput; after idle, from now (no burst).
      nextGlobalAt = (now - nextGlobalAt < spacing ? nextGlobalAt : now) + spacing;
      const task = attempt(best);
      running.add(task);
      void task.finally(() => running.delete(task));
    }
  };

  const finish = async (lane: Lane, record: OutboxRecord, change: Partial<OutboxRecord>) => {
    await outbox.put({ ...record, ...change, updatedAt: new Date().toISOString() });
    lane.queue.shift();
    queuedCount -= 1;
    known.delete(record.id);
  };

  const dropLane = async (lane: Lane, change: Partial<OutboxRecord>) => {
    for (const record of lane.queue) {
      await outbox.put({ ...record, ...change, updatedAt: new Date().toISOString() });
      known.delete(record.id);
    }
    queuedCount -= lane.queue.length;
    lane.queue = [];
  };

  const attempt = async (lane: Lane): Promise<void> => {
    const record = lane.queue[0]!;
    lane.busy = true;
    inFlight += 1;
    const started = Date.now();
    const log = logger.child({ platform: record.chat.platform, chatId: record.chat.chatId, outboxId: record.id, kind: record.kind, part: record.part });
    let claimed = false;
    try {
      claimed = await options.claims.claim(record.id);
      if (!claimed) {
        lane.readyAt = started + 1000;
        return;
      }
      // Checked at send time, not queue time: /pause must stop what is already queued too.
      const cancelled = await options.cancelReason?.(record);
      if (cancelled !== undefined) {
        await finish(lane, record, { state: 'cancelled', lastError: cancelled });
        log.info({ reason: cancelled }, 'delivery cancelled');
        return;
      }
      const result = await notifier.send(record.chat, { payload: record.payload });
      await finish(lane, record, { state: 'sent', attempts: record.attempts + 1, sentAt: new Date().toISOString(), messageId: result.messageId, notBefore: undefined });
      stats.sent += 1;
      lane.readyAt = started + chatInterval(record.chat, limits);
    } catch (error) {
      await handleFailure(lane, record, error, log).catch((storeError: unknown) => {
        log.error({ err: storeError }, 'could not record a delivery failure; the record stays pending');
        lane.readyAt = Date.now() + options.backoff.maxMs;
      });
    } finally {
      if (claimed) await options.claims.release(record.id);
      lane.busy = false;
      inFlight -= 1;
      if (lane.queue.length === 0) lanes.delete(lane.key);
      settleIdle();
      pump();
    }
  };

  const handleFailure = async (lane: Lane, record: OutboxRecord, error: unknown, log: Logger) => {
    const now = Date.now();
    if (error instanceof RateLimitedError) {
      stats.rateLimited += 1;
      lane.readyAt = now + error.retryAfterMs;
      if (error.global) pausedUntil = Math.max(pausedUntil, now + error.retryAfterMs);
      log.warn({ retryAfterMs: error.retryAfterMs, global: error.global }, 'rate limited; waiting as told');
      return;
    }
    if (error instanceof ChatUnreachableError) {
      stats.unreachable += 1;
      await finish(lane, record, { state: 'failed', attempts: record.attempts + 1, lastError: `unreachable: ${error.reason}` });
      await dropLane(lane, { state: 'cancelled', lastError: `unreachable: ${error.reason}` });
      log.warn({ reason: error.reason }, 'chat unreachable; its subscription is deactivated');
      await options.onUnreachable(record, error);
      return;
    }
    if (error instanceof ChatMigratedError) {
      stats.migrated += 1;
      const moved = await options.onMigrated([...lane.queue], error);
      await dropLane(lane, { state: 'moved', lastError: `migrated to ${error.newChatId}` });
      log.info({ newChatId: error.newChatId }, 'chat migrated; resending there');
      enqueue(moved);
      return;
    }
    const attempts = record.attempts + 1;
    if (error instanceof RejectedMessageError || attempts >= options.maxAttempts) {
      stats.failed += 1;
      await finish(lane, record, { state: 'failed', attempts, lastError: errorMessage(error) });
      log.error({ err: error, attempts }, error instanceof RejectedMessageError ? 'message rejected by the platform; not retried' : 'delivery failed after the last attempt');
      return;
    }
    stats.retried += 1;
    const notBefore = now + backoffDelay(attempts, options.backoff);
    const updated = { ...record, attempts, notBefore, lastError: errorMessage(error), updatedAt: new Date().toISOString() };
    await outbox.put(updated);
    lane.queue[0] = updated;
    log.warn({ err: error, attempts, retryInMs: notBefore - now }, 'delivery failed; retrying');
  };

  const enqueue = (records: readonly OutboxRecord[]) => {
    for (const record of records) {
      if (record.state !== 'pending' || known.has(record.id)) continue;
      known.add(record.id);
      const key = laneKey(record);
      let lane = lanes.get(key);
      if (lane === undefined) {
        lane = { key, queue: [], readyAt: 0, busy: false };
        lanes.set(key, lane);
      }
      // Keep each chat's queue ordered, but never reorder the message being sent right now,
      // and never cut into a multi-part message whose first parts already went out: a breaking
      // update waits for the rest of a digest that has begun, so the digest reads as one.
      const from = lane.busy ? 1 : 0;
      const begun = begunGroups(lane.queue, from);
      let index = lane.queue.length;
      while (index > from && before(record, lane.queue[index - 1]!) < 0 && !begun.has(groupKey(lane.queue[index - 1]!))) index -= 1;
      lane.queue.splice(index, 0, record);
      queuedCount += 1;
    }
    pump();
  };

  return {
    enqueue,
    drain: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        idleWaiters.push(resolve);
        settleIdle();
      }),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await Promise.allSettled([...running]);
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    },
    // Records waiting to be sent; the ones being sent count as in flight only.
    queued: () => queuedCount - inFlight,
    inFlight: () => inFlight,
    stats,
  };
}
