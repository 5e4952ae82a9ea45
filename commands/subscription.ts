import { UserError } from '../src/errors.ts';
import type { Subscription } from '../src/domain/subscription.ts';
import { choice, integer, timeOfDay, timeZone, topics } from './option-types.ts';
import { message } from './reply.ts';
import { describeSubscription, findSubscription, subscriptionRole } from './subscription-shared.ts';
import type { CommandDefinition, OptionType } from './types.ts';

const dayIndex: Readonly<Record<string, number>> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Days of the week: `every`, `weekdays`, `weekends`, or a list like `mon,wed,fri`. */
export const weekdays: OptionType<number[]> = {
  label: 'days (every, weekdays, weekends, mon,wed,fri)',
  kind: 'string',
  matches: (token) => /^(every|daily|weekdays|weekends)$/i.test(token),
  parse(raw) {
    const value = raw.trim().toLowerCase();
    if (value === 'every' || value === 'daily' || value === 'everyday') return [1, 2, 3, 4, 5, 6, 7];
    if (value === 'weekdays') return [1, 2, 3, 4, 5];
    if (value === 'weekends') return [6, 7];
    const days = value.split(/[,\s]+/).filter(Boolean).map((day) => dayIndex[day.slice(0, 3)]);
    if (days.length === 0 || days.some((day) => day === undefined)) throw new UserError('bad_option', 'use every, weekdays, weekends, or days like mon,wed,fri');
    return [...new Set(days as number[])].sort();
  },
};

interface Changes {
  time?: string;
  timezone?: string;
  topics?: string[];
  items?: number;
  breaking?: 'on' | 'off';
  days?: number[];
}

/** `/subscription [changes]`: show this chat's digest settings, or change them. */
export const subscription = {
  name: 'subscription',
  description: "Show or change this chat's digest settings",
  options: [
    { name: 'time', description: 'Local time, HH:MM', type: timeOfDay, example: '07:30' },
    { name: 'timezone', description: 'IANA time zone', type: timeZone, example: 'Europe/Kyiv' },
    { name: 'days', description: 'every, weekdays, weekends, or mon,wed,fri', type: weekdays, example: 'weekdays' },
    { name: 'items', description: 'Stories per digest (1–10)', type: integer({ min: 1, max: 10 }), example: '5' },
    { name: 'breaking', description: 'Breaking updates on or off', type: choice(['on', 'off'] as const), example: 'off' },
    { name: 'topics', description: 'Topics (comma-separated), or "all"', type: topics, example: 'energy, markets' },
  ],
  permission: subscriptionRole,
  examples: ['/subscription', '/subscription 07:30 weekdays', '/subscription items:7 breaking:off', '/subscription topics:all'],
  async run({ options, chat }, deps) {
    const current = await findSubscription(chat, deps);
    if (current === undefined) return message(['This chat has no daily digest yet.', 'Start one with /subscribe, e.g. /subscribe 08:00 Europe/Kyiv.']);
    const changes = options as Changes;
    if (Object.keys(changes).length === 0) return message(describeSubscription(current), { private: chat.kind === 'private' });
    const topicsChange = changes.topics?.length === 1 && changes.topics[0] === 'all' ? [] : changes.topics;
    const updated = await deps.subscriptions.update(current.id, (stored): Subscription => ({
      ...stored,
      time: changes.time ?? stored.time,
      timezone: changes.timezone ?? stored.timezone,
      days: changes.days ?? stored.days,
      maxItems: changes.items ?? stored.maxItems,
      breaking: changes.breaking === undefined ? stored.breaking : changes.breaking === 'on',
      topics: topicsChange ?? stored.topics,
      updatedAt: deps.now().toISOString(),
    }));
    return message(['Updated.', ...describeSubscription(updated ?? current)], { tone: 'success' });
  },
} satisfies CommandDefinition<Changes>;
