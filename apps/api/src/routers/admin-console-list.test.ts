import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDb,
  DEMO,
  SEED_ACCOUNT_REQUEST,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { rowOf, sqlRows, sqlRun } from '../../test/inspect.js';
import { custodianExceptions } from '../db/tables.js';
import { writeTransaction } from '../db/transaction.js';
import { recordInstruction } from '../services/settlement/instruct.js';
import { validateTransfer } from '../services/settlement/validate-transfer.js';
import { createTransfers, OPERATOR } from './admin-console-list.fixture.js';

// The console's transfers list: keyset pages that never skip or repeat a row,
// every access path answered by an index in the list's order, totals from the
// maintained counters that stay exact across every transition.

async function instruct(t: TestDb, id: string, custodianReference: string): Promise<void> {
  const meta = () => ({ actor: 'reconciler', at: t.clock.now().toISOString() });
  await writeTransaction(t.db, async (tx) => {
    // Read through the transaction: on PostgreSQL `t.db` is a pool, whose other
    // connections do not see the reservation validateTransfer has just written.
    await validateTransfer(tx, await rowOf(tx, id), meta());
    await recordInstruction(tx, await rowOf(tx, id), custodianReference, meta());
  });
}

describe('admin transfers list at scale: keyset, counters, search', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('pages forward and back by cursor without skipping or repeating rows, ties broken by id', async () => {
    // Pairs share a created_at: the id decides their order.
    await createTransfers(t, 7, 2);
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    const all = (await admin.list({ limit: 200 })).rows.map((r) => r.id);
    expect(all).toHaveLength(7);

    const seen: string[] = [];
    const cursors: (string | undefined)[] = [undefined];
    let after: string | undefined;
    // Bounded: a list that never ends its cursors fails instead of hanging.
    for (let pages = 0; pages < 10; pages++) {
      const page = await admin.list({ limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.rows.map((r) => r.id));
      if (page.next_cursor === null) break;
      after = page.next_cursor;
      cursors.push(after);
    }
    expect(seen).toEqual(all);

    // Back from the last page gives the page before it, in the same order.
    const last = await admin.list({ limit: 3, after: cursors[2] });
    expect(last.rows.map((r) => r.id)).toEqual(all.slice(6));
    const previous = await admin.list({ limit: 3, before: last.prev_cursor ?? '' });
    expect(previous.rows.map((r) => r.id)).toEqual(all.slice(3, 6));
    const first = await admin.list({ limit: 3, before: previous.prev_cursor ?? '' });
    expect(first.rows.map((r) => r.id)).toEqual(all.slice(0, 3));
    expect(first.prev_cursor).toBeNull();

    const ascending = await admin.list({ limit: 4, order: 'ASC' });
    const rest = await admin.list({ limit: 4, order: 'ASC', after: ascending.next_cursor ?? '' });
    expect([...ascending.rows, ...rest.rows].map((r) => r.id)).toEqual([...all].reverse());
    expect(rest.next_cursor).toBeNull();
  });

  it('stops a residual-filtered page at its scan window, says how far it looked, and pages on', async () => {
    const ids = await createTransfers(t, 12);
    // Only the oldest transfer matches; a window of 5 rows needs three pages to reach it.
    const { listTransfers } = await import('../services/admin/transfer-list.js');
    const filters = {
      kind: 'SECURITIES' as const,
      tenant_id: DEMO.tenant.id,
      sort: 'created_at' as const,
      order: 'DESC' as const,
      limit: 25,
    };
    const prefix = { ...filters, settlement_reference: 'page-000' };
    let page = await listTransfers(t.db, prefix, new Date('2026-03-02T09:00:00.000Z'), 5);
    expect(page.rows).toEqual([]);
    expect(page.scanned_to).not.toBeNull();
    expect(page.next_cursor).not.toBeNull();
    const found: string[] = [];
    let pages = 1;
    while (page.next_cursor !== null && pages < 10) {
      page = await listTransfers(
        t.db,
        { ...prefix, after: page.next_cursor },
        new Date('2026-03-02T09:00:00.000Z'),
        5,
      );
      found.push(...page.rows.map((r) => r.id));
      pages++;
    }
    expect(found).toEqual([ids[0]]);
    expect(pages).toBe(3);
  });

  it('keeps the status counters exact across creates and every kind of transition', async () => {
    const client = callerFor(t);
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    const out = (ref: string) =>
      client.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        direction: 'OUTGOING',
        quantity: '1',
        settlement_reference: ref,
      });
    const a = await out('C-A');
    const b = await out('C-B');
    const c = await out('C-C');
    const d = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      settlement_reference: 'C-D',
    });
    const parent = await client.accountTransfers.create({
      ...SEED_ACCOUNT_REQUEST,
      instruments: SEED_ACCOUNT_REQUEST.instruments.map((i) => ({ ...i })),
      settlement_reference: 'C-P',
    });
    await instruct(t, b.id, 'CNTREF0000000001');
    await instruct(t, c.id, 'CNTREF0000000002');
    await admin.cancel({ kind: 'SECURITIES', id: a.id, reason: 'client asked by phone' });
    await admin.reject({ id: b.id, reason: 'custodian rejected by phone' });
    await admin.settle({ id: c.id, quantity: '1', date: '2026-03-02', reason: 'confirmed by phone' });
    await client.securitiesTransfers.cancel({ id: d.id });
    await admin.cancel({ kind: 'ACCOUNT', id: parent.id, reason: 'client withdrew the request' });

    type PartitionCount = { kind: string; tenant: string; direction: string; status: string; n: number };
    const actual = await sqlRows<PartitionCount>(
      t.db,
      `SELECT 'SECURITIES_TRANSFER' AS kind, tenant_id AS tenant, direction, status, count(*) AS n FROM securities_transfers GROUP BY 2, 3, 4
         UNION ALL SELECT 'ACCOUNT_TRANSFER', tenant_id, direction, status, count(*) FROM account_transfers GROUP BY 2, 3, 4`,
    );
    // A partition's count is the sum of its shards.
    const kept = await sqlRows<PartitionCount>(
      t.db,
      `SELECT transfer_kind AS kind, tenant_id AS tenant, direction, status, sum(count) AS n FROM transfer_counts
         GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0`,
    );
    const key = (r: PartitionCount) => `${r.kind}|${r.tenant}|${r.direction}|${r.status}`;
    expect(new Map(kept.map((r) => [key(r), r.n]))).toEqual(new Map(actual.map((r) => [key(r), r.n])));
    expect(actual.map((r) => r.status)).toEqual(expect.arrayContaining(['CANCELLED', 'SETTLED']));

    const page = await admin.list({ direction: 'OUTGOING' });
    expect(page.counts_by_status).toEqual({ CANCELLED: 2, SETTLED: 1 });
    expect(page.total).toBe(3);
    expect((await admin.list({ direction: 'OUTGOING', status: 'CANCELLED' })).total).toBe(2);
    expect((await admin.list({ kind: 'ACCOUNT' })).counts_by_status).toEqual({ CANCELLED: 1 });
  });

  it('finds a transfer by id, custodian and settlement reference, counterparty, user, account and ISIN', async () => {
    const client = callerFor(t);
    const target = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '1',
      instrument_id: 'DE0007164600',
      settlement_reference: 'Find-Me-77',
      counterparty: { bic: 'COBADEFFXXX', account_number: '1', name: 'Hanne Hansen' },
    });
    const noise = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      settlement_reference: 'NOISE-1',
    });
    await instruct(t, target.id, 'FINDREF000000077');
    const parent = await client.accountTransfers.create({
      ...SEED_ACCOUNT_REQUEST,
      instruments: SEED_ACCOUNT_REQUEST.instruments.map((i) => ({ ...i })),
      settlement_reference: 'FIND-PARENT',
    });
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    const ids = async (q: string) => (await admin.find({ q })).hits.map((h) => h.id);

    expect(await ids(target.id.toUpperCase())).toEqual([target.id]);
    expect((await admin.find({ q: 'findref000000077' })).hits[0]).toMatchObject({
      id: target.id,
      matched: ['custodian_reference'],
      custodian_reference: 'FINDREF000000077',
    });
    expect(await ids('find-me')).toEqual([target.id]);
    // The account transfer's children carry its settlement reference.
    const found = (await admin.find({ q: 'FIND' })).hits;
    expect(found.map((h) => h.id)).toEqual(expect.arrayContaining([parent.id, target.id]));
    expect(found.filter((h) => h.account_transfer_id === parent.id)).toHaveLength(2);
    expect(found.find((h) => h.id === parent.id)?.kind).toBe('ACCOUNT');
    expect(await ids('COBADEFFXXX')).toEqual([target.id]);
    expect(await ids('hanne han')).toEqual([target.id]);
    expect(await ids('DE0007164600')).toEqual([target.id]);
    expect(await ids(DEMO.account)).toEqual(expect.arrayContaining([target.id, noise.id, parent.id]));
    expect(await ids(DEMO.user)).toEqual(expect.arrayContaining([target.id, noise.id, parent.id]));
    expect(await ids('nothing-like-it')).toEqual([]);
    await expect(admin.find({ q: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows why a transfer is stuck and filters by it', async () => {
    const client = callerFor(t);
    t.clock.set(new Date('2026-02-01T10:00:00.000Z'));
    const stuck = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '1',
      settlement_reference: 'STUCK-1',
    });
    await instruct(t, stuck.id, 'STUCKREF00000001');
    await sqlRun(
      t.db,
      `UPDATE securities_transfers SET custodian_status = 'MTCH//NMAT', custodian_reason_code = 'CMIS',
         custodian_reason_text = 'counterparty instruction missing', custodian_status_at = ? WHERE id = ?`,
      '2026-02-20T08:00:00.000Z',
      stuck.id,
    );
    await t.db.insert(custodianExceptions).values({
      id: 'exc-1',
      dedupeKey: 'message:X1',
      reasonCode: 'ISIN_MISMATCH',
      detail: 'isin differs',
      transferId: stuck.id,
      tenantId: DEMO.tenant.id,
      receivedAt: '2026-02-21T08:00:00.000Z',
    });
    t.clock.set(new Date('2026-03-02T09:00:00.000Z'));
    await client.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, settlement_reference: 'FINE-1' });
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    const row = (await admin.list({ deadline: 'OVERDUE' })).rows;
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({
      id: stuck.id,
      status: 'PROCESSING',
      status_since: '2026-02-01T10:00:00.000Z',
      status_age_seconds: 2_502_000,
      age_seconds: 2_502_000,
      custodian_status: 'MTCH//NMAT',
      custodian_reason_code: 'CMIS',
      deadline: 'OVERDUE',
      open_exceptions: 1,
      cancellation_pending: false,
    });
    expect((await admin.list({ custodian_status: 'mtch' })).rows.map((r) => r.id)).toEqual([stuck.id]);
    expect((await admin.list({ open_exception: true })).rows.map((r) => r.id)).toEqual([stuck.id]);
    expect((await admin.list({ deadline: 'ON_TRACK' })).rows.map((r) => r.settlement_reference)).toEqual([
      'FINE-1',
    ]);
    await admin.cancel({ kind: 'SECURITIES', id: stuck.id, reason: 'client gave up' });
    expect((await admin.list({ cancellation_pending: true })).rows.map((r) => r.id)).toEqual([stuck.id]);
    await expect(admin.list({ after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.list({ kind: 'ACCOUNT', parked: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
