import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCases } from '../helpers/backends.ts';
import type { KeyvBackend } from '../../src/store/keyv-backend.ts';
import { createOutboxStore, outboxRecordId, type OutboxRecord } from '../../src/store/outbox-store.ts';
import { createDeliveryStateStore } from '../../src/store/delivery-state-store.ts';

function record(key: string, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  const [kind, contentId, subscriptionId, part] = key.split(':') as ['digest' | 'breaking', string, string, string];
  return {
    id: outboxRecordId(key), key, kind, contentId, subscriptionId, chat: { platform: 'telegram', chatId: subscriptionId }, part: Number(part), parts: 2,
    payload: { text: `“${key}” <b>&</b>`, parse_mode: 'HTML' }, priority: kind === 'breaking' ? 0 : 1, state: 'pending', attempts: 0,
    createdAt: '2026-11-25T08:00:00.000Z', updatedAt: '2026-11-25T08:00:00.000Z', ...overrides,
  };
}

for (const backendCase of backendCases()) {
  describe.skipIf(backendCase.skip !== undefined)(`outbox store contract: ${backendCase.name}`, () => {
    let backend: KeyvBackend;
    let prefix: string;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ backend, prefix, cleanup } = await backendCase.open());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('adds records once per idempotency key and never overwrites a known one', async () => {
      const outbox = createOutboxStore({ backend, namespace: `${prefix}-outbox-a` });
      const first = await outbox.add([record('digest:s1:c1:0'), record('digest:s1:c1:1')]);
      expect(first).toHaveLength(2);
      await outbox.put({ ...first[0]!, state: 'sent', sentAt: '2026-11-25T08:00:01.000Z' });
      const again = await outbox.add([record('digest:s1:c1:0'), record('digest:s1:c1:1'), record('digest:s1:c2:0')]);
      expect(again.map((added) => added.key)).toEqual(['digest:s1:c2:0']);
      expect(await outbox.get(outboxRecordId('digest:s1:c1:0'))).toMatchObject({ state: 'sent', payload: { text: '“digest:s1:c1:0” <b>&</b>', parse_mode: 'HTML' } });
      expect(await outbox.counts()).toMatchObject({ pending: 2, sent: 1 });
    });

    it('lists pending records breaking first, then in creation and part order', async () => {
      const outbox = createOutboxStore({ backend, namespace: `${prefix}-outbox-b` });
      await outbox.add([
        record('digest:s1:c1:1'),
        record('digest:s1:c1:0'),
        record('breaking:u1:c1:0', { createdAt: '2026-11-25T09:00:00.000Z' }),
        record('digest:s0:c1:0', { createdAt: '2026-11-24T08:00:00.000Z', state: 'failed' }),
      ]);
      expect((await outbox.list({ state: 'pending' })).map((found) => found.key)).toEqual(['breaking:u1:c1:0', 'digest:s1:c1:0', 'digest:s1:c1:1']);
      expect((await outbox.list({ kind: 'breaking' })).map((found) => found.key)).toEqual(['breaking:u1:c1:0']);
    });

    it('removes finished records past retention, keeping pending ones however old', async () => {
      const outbox = createOutboxStore({ backend, namespace: `${prefix}-outbox-c` });
      const old = '2026-11-01T00:00:00.000Z';
      await outbox.add([record('digest:s1:c1:0', { state: 'sent', updatedAt: old }), record('digest:s1:c2:0', { updatedAt: old }), record('digest:s1:c3:0', { state: 'failed', updatedAt: old }), record('digest:s2:c1:0', { state: 'sent' })]);
      expect(await outbox.removeFinishedBefore(Date.parse('2026-11-20T00:00:00Z'))).toBe(2);
      expect((await outbox.list()).map((found) => found.key).sort()).toEqual(['digest:s1:c2:0', 'digest:s2:c1:0']);
    });

    it('keeps scheduler slots and breaking audits', async () => {
      const state = createDeliveryStateStore({ backend, prefix: `${prefix}-` });
      await state.setHandledSlot('a', { slot: 1000, outcome: 'queued' });
      await state.setHandledSlot('b', { slot: 2000, outcome: 'skipped' });
      const slots = await state.handledSlots(['a', 'b', 'c']);
      expect([...slots.entries()]).toEqual([['a', { slot: 1000, outcome: 'queued' }], ['b', { slot: 2000, outcome: 'skipped' }]]);
      const update = { id: 'u1', text: 'x', requestedBy: { platform: 'telegram', userId: '1', chatId: '2' }, createdAt: '2026-11-25T00:00:00Z' };
      await state.putBreakingAudit({ update, queuedAt: '2026-11-25T10:00:00.000Z', subscriptionIds: ['a'] });
      expect(await state.breakingAudit('u1')).toMatchObject({ subscriptionIds: ['a'] });
      expect(await state.breakingAuditsSince(Date.parse('2026-11-25T09:00:00Z'))).toHaveLength(1);
      expect(await state.breakingAuditsSince(Date.parse('2026-11-25T11:00:00Z'))).toHaveLength(0);
    });
  });
}
