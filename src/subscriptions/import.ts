import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { errorMessage, UserError } from '../errors.ts';
import type { Subscription } from '../domain/subscription.ts';
import type { SubscriptionStore } from './subscription-store.ts';
import { validateSubscription } from './validate.ts';

export type ImportLineReport =
  | { line: number; status: 'added' | 'updated'; id: string; platform: string; chatId: string }
  | { line: number; status: 'error'; error: string };

const batchSize = 500;

/**
 * Imports subscriptions from JSONL lines `{"platform","chat","thread"?,"time"?,"timezone"?,"topics"?}`
 * (a migration from another bot). Each line is checked on its own: a bad line is reported
 * with its number and the rest continue. Writes go in batches; a chat listed twice keeps its last line.
 */
export async function* importSubscriptionsJsonl(input: Readable, deps: { store: SubscriptionStore; defaultTimezone: string; now: () => Date; createdBy?: string }): AsyncGenerator<ImportLineReport> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let pending = new Map<string, Subscription>();
  const seen = new Set<string>();
  let lineNumber = 0;
  const flush = async () => {
    if (pending.size > 0) await deps.store.putMany([...pending.values()]);
    pending = new Map();
  };
  for await (const raw of lines) {
    lineNumber += 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new UserError('bad_json', 'not valid JSON');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UserError('bad_json', 'each line must be a JSON object');
      const fields = parsed as Record<string, unknown>;
      const unknown = Object.keys(fields).filter((key) => !['platform', 'chat', 'thread', 'time', 'timezone', 'topics'].includes(key));
      if (unknown.length > 0) throw new UserError('bad_field', `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => JSON.stringify(key.slice(0, 20))).join(', ')}`);
      const draft = validateSubscription(fields as never, { defaultTimezone: deps.defaultTimezone, now: deps.now(), createdBy: deps.createdBy });
      const existing = pending.get(draft.id) ?? (await deps.store.get(draft.id));
      const subscription = existing ? validateSubscription(fields as never, { defaultTimezone: deps.defaultTimezone, now: deps.now(), createdBy: deps.createdBy, existing }) : draft;
      const status = existing || seen.has(draft.id) ? 'updated' : 'added';
      seen.add(draft.id);
      pending.set(subscription.id, subscription);
      if (pending.size >= batchSize) await flush();
      yield { line: lineNumber, status, id: subscription.id, platform: subscription.platform, chatId: subscription.chatId };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      yield { line: lineNumber, status: 'error', error: errorMessage(error) };
    }
  }
  await flush();
}
