import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../src/context.js';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { moveTo } from './webhooks-support.js';

const VIEWER: Actor = { kind: 'operator', operatorId: 'op-2', email: 'viewer@example.com', role: 'viewer' };

describe('console charts', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(new Date('2026-03-10T12:00:00.000Z'));
  });
  afterEach(() => t.close());

  async function createAt(at: string, direction: 'INCOMING' | 'OUTGOING' = 'INCOMING') {
    t.clock.set(new Date(at));
    return callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, direction });
  }

  it('ages open transfers by deadline state, counts days by direction and status, and measures time to settle', async () => {
    // Open: received 1, 9 and 25 days before "today" (2026-03-10).
    await createAt('2026-03-09T10:00:00.000Z');
    const nineDays = await createAt('2026-03-01T10:00:00.000Z', 'OUTGOING');
    await moveTo(t, nineDays.id, 'PROCESSING');
    // An OUTGOING received 17 days ago is due in 4 days: at risk (≤ 5 days left).
    await createAt('2026-02-21T10:00:00.000Z', 'OUTGOING');
    // Settled 12 h and 36 h after receipt, both on 2026-03-08; one cancelled.
    const fast = await createAt('2026-03-07T20:00:00.000Z');
    const slow = await createAt('2026-03-06T20:00:00.000Z');
    const cancelled = await createAt('2026-03-08T09:00:00.000Z');
    t.clock.set(new Date('2026-03-08T08:00:00.000Z'));
    await moveTo(t, fast.id, 'PROCESSING');
    await moveTo(t, fast.id, 'SETTLED');
    await moveTo(t, slow.id, 'PROCESSING');
    await moveTo(t, slow.id, 'SETTLED');
    t.clock.set(new Date('2026-03-08T10:00:00.000Z'));
    await moveTo(t, cancelled.id, 'CANCELLED');
    t.clock.set(new Date('2026-03-10T12:00:00.000Z'));

    const charts = await callerFor(t, { actor: VIEWER }).admin.charts({ days: 14 });
    expect(charts.today).toBe('2026-03-10');
    expect(charts.daily_volumes).toHaveLength(14);
    expect(charts.ageing).toEqual([
      { bucket: '0–2 d', ON_TRACK: 1, AT_RISK: 0, OVERDUE: 0, NO_DEADLINE: 0 },
      { bucket: '3–7 d', ON_TRACK: 0, AT_RISK: 0, OVERDUE: 0, NO_DEADLINE: 0 },
      { bucket: '8–14 d', ON_TRACK: 1, AT_RISK: 0, OVERDUE: 0, NO_DEADLINE: 0 },
      { bucket: '15–21 d', ON_TRACK: 0, AT_RISK: 1, OVERDUE: 0, NO_DEADLINE: 0 },
      { bucket: '22–30 d', ON_TRACK: 0, AT_RISK: 0, OVERDUE: 0, NO_DEADLINE: 0 },
      { bucket: '> 30 d', ON_TRACK: 0, AT_RISK: 0, OVERDUE: 0, NO_DEADLINE: 0 },
    ]);
    const day = (d: string) => charts.daily_volumes.find((v) => v.day === d);
    expect(day('2026-03-07')).toMatchObject({ INCOMING_SETTLED: 1, INCOMING_NEW: 0 });
    expect(day('2026-03-06')).toMatchObject({ INCOMING_SETTLED: 1 });
    expect(day('2026-03-08')).toMatchObject({ INCOMING_CANCELLED: 1 });
    expect(day('2026-03-01')).toMatchObject({ OUTGOING_PROCESSING: 1 });
    expect(day('2026-03-09')).toMatchObject({ INCOMING_NEW: 1 });
    // Received before the 14-day window: not counted.
    expect(charts.daily_volumes.some((v) => v.day === '2026-02-21')).toBe(false);
    const total = charts.daily_volumes.reduce(
      (sum, v) => sum + Object.entries(v).reduce((s, [k, n]) => (k === 'day' ? s : s + Number(n)), 0),
      0,
    );
    expect(total).toBe(5);

    const settledDay = charts.time_to_settle.find((d) => d.day === '2026-03-08');
    expect(settledDay).toEqual({
      day: '2026-03-08',
      settled: 2,
      p50_hours: 12,
      p90_hours: 36,
      max_hours: 36,
    });
    expect(charts.time_to_settle.find((d) => d.day === '2026-03-09')).toMatchObject({
      settled: 0,
      p50_hours: null,
    });
  });

  it('refuses more than 90 days', async () => {
    await expect(callerFor(t, { actor: VIEWER }).admin.charts({ days: 91 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
