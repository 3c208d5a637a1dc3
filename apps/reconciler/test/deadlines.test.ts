import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteOf } from '../../api/src/db/client.js';
import { statusOf, transferOf } from './inspect.js';
import { APPLE, securities } from './requests.js';
import { drain, type System, startSystem } from './system.js';

describe('deadlines and incoming expiry (ManualClock)', () => {
  let s: System;
  beforeEach(async () => {
    s = await startSystem();
  });
  afterEach(() => s.close());

  async function flags() {
    const { items, counts } = await s.api.internal.deadlines.query({ atRiskDays: 5 });
    return {
      counts,
      items: Object.fromEntries(items.map((i) => [i.direction, [i.flag, i.daysLeft, i.dueDate]])),
    };
  }

  it('flags OUTGOING against receipt + 21 days and expires INCOMING after 30 days', async () => {
    const out = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '5', 'MANUAL-OUT'));
    const inc = await s.client.securitiesTransfers.create(securities('INCOMING', APPLE, '5', 'MANUAL-IN'));
    const worker = s.worker();
    await drain(worker);
    expect([statusOf(s.t.db, out.id), statusOf(s.t.db, inc.id)]).toEqual(['PROCESSING', 'PROCESSING']);

    expect(await flags()).toEqual({
      counts: { ON_TRACK: 2, AT_RISK: 0, OVERDUE: 0 },
      items: { OUTGOING: ['ON_TRACK', 21, '2026-03-23'], INCOMING: ['ON_TRACK', 30, '2026-04-01'] },
    });
    s.t.clock.advanceDays(17);
    expect((await flags()).items).toEqual({
      OUTGOING: ['AT_RISK', 4, '2026-03-23'],
      INCOMING: ['ON_TRACK', 13, '2026-04-01'],
    });
    s.t.clock.advanceDays(5);
    expect((await flags()).items).toEqual({
      OUTGOING: ['OVERDUE', -1, '2026-03-23'],
      INCOMING: ['ON_TRACK', 8, '2026-04-01'],
    });
    s.t.clock.advanceDays(4);
    expect((await flags()).items.INCOMING).toEqual(['AT_RISK', 4, '2026-04-01']);

    s.t.clock.advanceDays(3);
    await drain(worker);
    expect(statusOf(s.t.db, inc.id)).toBe('PROCESSING');
    s.t.clock.advanceDays(1);
    await drain(worker);
    expect(transferOf(s.t.db, inc.id)).toMatchObject({ status: 'CANCELLED', cancel_reason_code: 'EXPIRED' });
    expect(statusOf(s.t.db, out.id)).toBe('PROCESSING');
    const status = await s.api.internal.status.query();
    expect(status.counts).toEqual({ NEW: 0, PROCESSING: 1 });
  });

  it('the worker’s pass turns the deadline clients see AT_RISK, then OVERDUE, one DATA_CHANGED each', async () => {
    const out = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '5', 'MANUAL-OUT'));
    const worker = s.worker();
    await drain(worker);
    const deadlineEvents = () =>
      (
        sqliteOf(s.t.db)
          .$client.prepare(
            `SELECT payload FROM outbox_events WHERE object_id = ? AND type = 'SECURITIES_TRANSFER.DATA_CHANGED' ORDER BY seq`,
          )
          .all(out.id) as { payload: string }[]
      ).map((e) => (JSON.parse(e.payload) as { deadline?: { state: string } }).deadline?.state);
    expect((await s.client.securitiesTransfers.get({ id: out.id })).deadline?.state).toBe('ON_TRACK');
    s.t.clock.advanceDays(16);
    await drain(worker);
    expect((await s.client.securitiesTransfers.get({ id: out.id })).deadline).toEqual({
      kind: 'TRANSFER_LIMIT',
      date: '2026-03-23',
      state: 'AT_RISK',
    });
    await drain(worker);
    expect(deadlineEvents()).toEqual(['AT_RISK']);
    s.t.clock.advanceDays(6);
    await drain(worker);
    expect((await s.client.securitiesTransfers.get({ id: out.id })).deadline?.state).toBe('OVERDUE');
    expect(deadlineEvents()).toEqual(['AT_RISK', 'OVERDUE']);
  });
});
