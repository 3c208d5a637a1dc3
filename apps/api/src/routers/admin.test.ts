import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import type { Actor } from '../context.js';
import { first } from '../db/query.js';
import { positions, securitiesTransfers } from '../db/tables.js';
import { writeTransaction } from '../db/transaction.js';
import { reserveUnits } from '../services/positions.js';
import { transitionSecuritiesTransfer } from '../services/transitions.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };
const VIEWER: Actor = { kind: 'operator', operatorId: 'op-2', email: 'viewer@example.com', role: 'viewer' };

async function positionOf(t: TestDb, isin: string) {
  return (await t.db.select().from(positions).where(eq(positions.accountId, DEMO.account))).find(
    (p) => p.isin === isin,
  );
}

/** What the reconciler does when it instructs: reserve (outgoing) and go PROCESSING. */
async function instruct(t: TestDb, id: string) {
  await writeTransaction(t.db, async (tx) => {
    const row = await first(tx.select().from(securitiesTransfers).where(eq(securitiesTransfers.id, id)));
    if (!row) throw new Error('missing');
    const at = t.clock.now().toISOString();
    if (row.direction === 'OUTGOING') {
      await reserveUnits(
        tx,
        { tenantId: row.tenantId, accountId: row.accountId, isin: row.isin },
        row.quantity,
        at,
      );
    }
    await transitionSecuritiesTransfer(
      tx,
      row,
      'PROCESSING',
      { actor: 'reconciler', at },
      {
        reservedQuantity: row.direction === 'OUTGOING' ? row.quantity : '0',
        instructedAt: at,
      },
    );
  });
}

describe('admin router', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  async function outgoing(quantity = '10') {
    const api = callerFor(t);
    return api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, direction: 'OUTGOING', quantity });
  }

  it('lists across tenants with filters and counts per status', async () => {
    const created = await outgoing();
    await callerFor(t).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      settlement_reference: 'OTHER-REF',
    });
    const admin = callerFor(t, { actor: VIEWER });
    const page = await admin.admin.transfers.list({ direction: 'OUTGOING' });
    expect(page.rows.map((r) => r.id)).toEqual([created.id]);
    expect(page.counts_by_status).toEqual({ NEW: 1 });
    const byRef = await admin.admin.transfers.list({ settlement_reference: 'other' });
    expect(byRef.rows).toHaveLength(1);
    expect(byRef.rows[0]?.settlement_reference).toBe('OTHER-REF');
  });

  it('refuses writes to a viewer and to anonymous callers', async () => {
    const created = await outgoing();
    const viewer = callerFor(t, { actor: VIEWER });
    await expect(
      viewer.admin.transfers.cancel({ kind: 'SECURITIES', id: created.id, reason: 'customer asked' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerFor(t, { actor: { kind: 'anonymous' } }).admin.transfers.list({}),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('cancels with a mandatory reason written to the history', async () => {
    const created = await outgoing();
    const ops = callerFor(t, { actor: OPERATOR });
    await expect(
      ops.admin.transfers.cancel({ kind: 'SECURITIES', id: created.id, reason: ' ' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await ops.admin.transfers.cancel({
      kind: 'SECURITIES',
      id: created.id,
      reason: 'customer called the desk',
    });
    const detail = await ops.admin.transfers.securities({ id: created.id });
    expect(detail.transfer.status).toBe('CANCELLED');
    expect(detail.history.at(-1)).toMatchObject({
      actor: 'operator:ops@example.com',
      from_status: 'NEW',
      to_status: 'CANCELLED',
      reason_code: 'CANCELLED_BY_OPERATOR',
      reason: 'customer called the desk',
    });
    expect(detail.events.map((e) => e.type)).toContain('SECURITIES_TRANSFER.CANCELLED');
  });

  it('refuses a write on a version the operator has not seen', async () => {
    const created = await outgoing();
    const ops = callerFor(t, { actor: OPERATOR });
    await expect(
      ops.admin.transfers.cancel({
        kind: 'SECURITIES',
        id: created.id,
        reason: 'stale view',
        expected_updated_at: '2000-01-01T00:00:00.000Z',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('settles by hand like a confirmation: books the units and consumes the reservation', async () => {
    const created = await outgoing('10');
    await instruct(t, created.id);
    expect(await positionOf(t, 'US0378331005')).toMatchObject({ quantity: '25', reserved: '10' });
    const ops = callerFor(t, { actor: OPERATOR });
    await ops.admin.transfers.settle({
      id: created.id,
      quantity: '4',
      date: '2026-03-02',
      reason: 'MT546 received by fax',
    });
    let detail = await ops.admin.transfers.securities({ id: created.id });
    expect(detail.transfer).toMatchObject({
      status: 'PROCESSING',
      quantity_settled: '4',
      reserved_quantity: '6',
    });
    expect(await positionOf(t, 'US0378331005')).toMatchObject({ quantity: '21', reserved: '6' });
    await expect(
      ops.admin.transfers.settle({ id: created.id, quantity: '7', date: '2026-03-02', reason: 'too much' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await ops.admin.transfers.settle({
      id: created.id,
      quantity: '6',
      date: '2026-03-02',
      reason: 'rest confirmed',
    });
    detail = await ops.admin.transfers.securities({ id: created.id });
    expect(detail.transfer).toMatchObject({
      status: 'SETTLED',
      quantity_settled: '10',
      actual_settlement_date: '2026-03-02',
    });
    expect(await positionOf(t, 'US0378331005')).toMatchObject({ quantity: '15', reserved: '0' });
    expect(detail.history.at(-2)).toMatchObject({
      reason_code: 'MANUAL_SETTLEMENT',
      reason: 'rest confirmed',
      actor: 'operator:ops@example.com',
    });
    expect(detail.history.at(-1)).toMatchObject({
      from_status: 'PROCESSING',
      to_status: 'SETTLED',
      actor: 'operator:ops@example.com',
    });
  });

  it('rejects by hand: CANCELLED and the reservation released', async () => {
    const created = await outgoing('5');
    await instruct(t, created.id);
    const ops = callerFor(t, { actor: OPERATOR });
    await ops.admin.transfers.reject({ id: created.id, reason: 'MT548 rejection, code NCRR' });
    const detail = await ops.admin.transfers.securities({ id: created.id });
    expect(detail.transfer).toMatchObject({
      status: 'CANCELLED',
      cancel_reason_code: 'REJECTED_BY_OPERATOR',
    });
    expect(await positionOf(t, 'US0378331005')).toMatchObject({ quantity: '25', reserved: '0' });
  });

  it('flags an outgoing transfer past its 3-week due date as overdue', async () => {
    t.clock.set(new Date('2026-02-01T09:00:00.000Z'));
    const created = await outgoing();
    t.clock.set(new Date('2026-03-02T09:00:00.000Z'));
    const board = await callerFor(t, { actor: VIEWER }).admin.deadlines();
    expect(board.outgoing.rows[0]).toMatchObject({
      id: created.id,
      due_date: '2026-02-22',
      days_left: -8,
      flag: 'OVERDUE',
    });
    expect(board.summary.outgoing.overdue).toBe(1);
  });
});
