import type { Briefing } from '../domain/briefing.ts';
import type { ChatRef } from '../domain/chat.ts';
import type { Subscription } from '../domain/subscription.ts';
import type { Logger } from '../log.ts';
import { errorMessage } from '../errors.ts';
import type { BreakingAudit, DeliveryStateStore } from '../store/delivery-state-store.ts';
import { outboxRecordId, type OutboxRecord, type OutboxStore } from '../store/outbox-store.ts';
import type { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import type { Notifier } from './notifier.ts';
import type { DigestBriefings } from './ports.ts';
import { decideSlot, digestWindow } from './schedule.ts';

export interface DigestRunSummary {
  /** Subscriptions whose digest was queued. */
  digests: number;
  /** Outbox records (message parts) newly queued. */
  messages: number;
  /** Distinct briefings built (each shared by every subscriber with the same window, topics and length). */
  briefings: number;
  /** Slots missed during downtime beyond the grace window, skipped. */
  skipped: number;
  /** Subscriptions on a platform with no notifier configured: left for a run that has one. */
  noNotifier: number;
  /** Briefings or renders that failed; retried at the next tick while still within grace. */
  errors: number;
}

export interface DigestJobDeps {
  subscriptions: SubscriptionStore;
  outbox: OutboxStore;
  state: DeliveryStateStore;
  briefings: DigestBriefings;
  notifiers: ReadonlyMap<string, Notifier>;
  logger: Logger;
  graceMs: number;
  maxLookbackMs: number;
  enqueue(records: OutboxRecord[]): void;
}

interface DueDigest {
  subscription: Subscription;
  contentId: string;
  since: number;
  until: number;
  /** The scheduled slot to mark handled; absent for forced (`--now`) runs. */
  slot?: number | undefined;
}

export function chatOf(subscription: Subscription): ChatRef {
  return { platform: subscription.platform, chatId: subscription.chatId, threadId: subscription.threadId };
}

/**
 * An empty scheduled digest says so in the subscriber's terms. The engine's note for an empty
 * window is written for someone who asked (try a longer window, add feeds with /sources); a
 * reader of a morning digest can do neither, and the window is simply "since the last digest".
 */
export function forSubscribers(briefing: Briefing, topics: readonly string[]): Briefing {
  if (briefing.items.length > 0) return briefing;
  return { ...briefing, note: topics.length > 0 ? 'No new stories on your topics since the last digest.' : 'No new stories since the last digest.' };
}

/** Marks stories this chat already got as breaking updates: headline kept, text not repeated. */
export function markBreaking(briefing: Briefing, sent: { articleIds: Set<string>; urls: Set<string> }): Briefing {
  if (sent.articleIds.size === 0 && sent.urls.size === 0) return briefing;
  const urlOf = new Map(briefing.citations.map((citation) => [citation.n, citation.url]));
  return {
    ...briefing,
    items: briefing.items.map((item) => {
      const hit = item.articleIds.some((id) => sent.articleIds.has(id)) || item.citations.some((n) => sent.urls.has(urlOf.get(n) ?? '\u0000'));
      return hit ? { ...item, sentAsBreaking: true, sentences: [] } : item;
    }),
  };
}

function sentAsBreaking(audits: readonly BreakingAudit[], subscriptionId: string, since: number) {
  const articleIds = new Set<string>();
  const urls = new Set<string>();
  for (const audit of audits) {
    if (Date.parse(audit.queuedAt) < since || !audit.subscriptionIds.includes(subscriptionId)) continue;
    if (audit.update.articleId) articleIds.add(audit.update.articleId);
    if (audit.update.url) urls.add(audit.update.url);
  }
  return { articleIds, urls };
}

/**
 * Builds and queues the digests due at `now` (or, with `force`, one for every active
 * subscription). Each distinct (window, topics, maxItems) is briefed once and shared.
 * Records are written to the outbox before the slot is marked handled, and their keys are
 * idempotent, so a crash in between re-queues nothing twice.
 */
export async function runDigests(deps: DigestJobDeps, now: Date, options: { force?: boolean } = {}): Promise<DigestRunSummary> {
  const summary: DigestRunSummary = { digests: 0, messages: 0, briefings: 0, skipped: 0, noNotifier: 0, errors: 0 };
  const active = await deps.subscriptions.list({ state: 'active' });
  const handled = await deps.state.handledSlots(active.map((subscription) => subscription.id));
  const due: DueDigest[] = [];
  const nowMs = Math.floor(now.getTime() / 60_000) * 60_000;
  const memo = new Map<string, number | undefined>();
  for (const subscription of active) {
    if (!deps.notifiers.has(subscription.platform)) {
      summary.noNotifier += 1;
      continue;
    }
    if (options.force) {
      const window = digestWindow(subscription, nowMs, deps.maxLookbackMs);
      due.push({ subscription, contentId: `now-${new Date(nowMs).toISOString()}`, ...window });
      continue;
    }
    const decision = decideSlot({ subscription, now: now.getTime(), handledSlot: handled.get(subscription.id)?.slot, graceMs: deps.graceMs, memo });
    if (decision.action === 'none') continue;
    if (decision.action === 'skip') {
      summary.skipped += 1;
      deps.logger.warn({ platform: subscription.platform, chatId: subscription.chatId, subscriptionId: subscription.id, slot: new Date(decision.slot).toISOString(), lateMinutes: decision.lateMinutes }, 'digest missed during downtime, beyond the grace window: skipped');
      await deps.state.setHandledSlot(subscription.id, { slot: decision.slot, outcome: 'skipped' });
      continue;
    }
    const window = digestWindow(subscription, decision.slot, deps.maxLookbackMs);
    due.push({ subscription, contentId: new Date(decision.slot).toISOString(), slot: decision.slot, ...window });
  }
  if (due.length === 0) return summary;

  const groups = new Map<string, DueDigest[]>();
  for (const digest of due) {
    const topics = [...digest.subscription.topics].sort();
    const key = JSON.stringify([digest.since, digest.until, topics, digest.subscription.maxItems]);
    groups.set(key, [...(groups.get(key) ?? []), digest]);
  }
  const audits = await deps.state.breakingAuditsSince(Math.min(...due.map((digest) => digest.since)));
  for (const members of groups.values()) {
    const first = members[0]!;
    let briefing: Briefing;
    try {
      briefing = await deps.briefings.brief({ since: first.since, until: first.until, topics: first.subscription.topics.length > 0 ? first.subscription.topics : undefined, maxItems: first.subscription.maxItems });
      summary.briefings += 1;
    } catch (error) {
      summary.errors += members.length;
      deps.logger.error({ err: error, subscriptions: members.length }, 'could not build a digest; retrying at the next tick');
      continue;
    }
    const queued: DueDigest[] = [];
    const records: OutboxRecord[] = [];
    const createdAt = new Date().toISOString();
    for (const digest of members) {
      const { subscription } = digest;
      const chat = chatOf(subscription);
      try {
        const marked = markBreaking(forSubscribers(briefing, subscription.topics), sentAsBreaking(audits, subscription.id, digest.since));
        const parts = deps.notifiers.get(subscription.platform)!.render({ kind: 'digest', briefing: marked }, chat);
        parts.forEach((part, index) => {
          const key = `digest:${digest.contentId}:${subscription.id}:${index}`;
          records.push({ id: outboxRecordId(key), key, kind: 'digest', contentId: digest.contentId, subscriptionId: subscription.id, chat, part: index, parts: parts.length, payload: part.payload, priority: 1, state: 'pending', attempts: 0, createdAt, updatedAt: createdAt });
        });
        queued.push(digest);
      } catch (error) {
        summary.errors += 1;
        deps.logger.error({ err: error, platform: subscription.platform, chatId: subscription.chatId, subscriptionId: subscription.id, error: errorMessage(error) }, 'could not render a digest');
      }
    }
    // Records first, then the slots: a crash in between re-queues under the same keys, which add() ignores.
    const added = await deps.outbox.add(records);
    deps.enqueue(added);
    summary.messages += added.length;
    await deps.state.setHandledSlots(queued.filter((digest) => digest.slot !== undefined).map((digest) => [digest.subscription.id, { slot: digest.slot!, outcome: 'queued' }]));
    for (const digest of queued) {
      await deps.subscriptions.update(digest.subscription.id, (current) => ({ ...current, lastDigestAt: new Date(digest.until).toISOString() }));
      summary.digests += 1;
    }
  }
  return summary;
}
