import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDb,
  DEMO,
  demoSafekeeping,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { sqlRow, sqlRows } from '../../test/inspect.js';

const service = { kind: 'service', name: 'reconciler' } as const;

describe('internal router', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('claims, validates, instructs and settles in parts; replays change nothing', async () => {
    const client = callerFor(t);
    const internal = callerFor(t, { actor: service }).internal;
    const created = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '10',
    });
    const { items } = await internal.claimWork({ owner: 'w1', limit: 10, leaseSeconds: 30 });
    expect(items.map((i) => [i.id, i.work])).toEqual([[created.id, 'INSTRUCT']]);
    expect((await internal.claimWork({ owner: 'w2', limit: 10, leaseSeconds: 30 })).items).toEqual([]);
    expect((await internal.validate({ id: created.id })).outcome).toBe('VALIDATED');
    expect((await internal.validate({ id: created.id })).outcome).toBe('VALIDATED');
    await internal.recordInstruction({ id: created.id, custodianReference: 'T000000000000001' });
    const part = {
      custodianReference: 'T000000000000001',
      effectiveDate: '2026-03-04',
      messageType: 'MT546' as const,
      isin: 'US0378331005',
      safekeepingAccount: demoSafekeeping(DEMO.account),
    };
    const first = await internal.applyConfirmation({ ...part, messageReference: 'C1', quantity: '4' });
    expect(first.outcome).toBe('PARTIALLY_CONFIRMED');
    expect(
      (await internal.applyConfirmation({ ...part, messageReference: 'C1', quantity: '4' })).outcome,
    ).toBe('ALREADY_APPLIED');
    expect(
      (await internal.applyConfirmation({ ...part, messageReference: 'C2', quantity: '6' })).outcome,
    ).toBe('SETTLED');
    const got = await client.securitiesTransfers.get({ id: created.id });
    expect(got).toMatchObject({
      status: 'SETTLED',
      quantity_settled: '10',
      actual_settlement_date: '2026-03-04',
    });
    const reversed = await internal.applyReversal({ messageReference: 'R1', previousReference: 'C2' });
    expect(reversed).toMatchObject({ outcome: 'REVERSED', status: 'SETTLED' });
    expect((await internal.applyReversal({ messageReference: 'R1', previousReference: 'C2' })).outcome).toBe(
      'ALREADY_APPLIED',
    );
    const position = await sqlRow(
      t.db,
      'SELECT quantity, reserved FROM positions WHERE account_id = ? AND isin = ?',
      DEMO.account,
      'US0378331005',
    );
    expect(position).toEqual({ quantity: '21', reserved: '0' });
  });

  it('a refused cancellation keeps the transfer and its reservation; each new request counts, up to a limit', async () => {
    const client = callerFor(t);
    const internal = callerFor(t, { actor: service }).internal;
    const created = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '10',
    });
    await internal.validate({ id: created.id });
    await internal.recordInstruction({ id: created.id, custodianReference: 'T000000000000009' });
    for (let n = 1; n <= 10; n++) {
      await client.securitiesTransfers.cancel({ id: created.id });
      const denied = await internal.denyCancellation({
        custodianReference: 'T000000000000009',
        messageReference: `DEND${n}`,
        status: 'CPRC//DEND',
        reasonCode: 'DPRG',
      });
      expect(denied).toMatchObject({ status: 'PROCESSING', outcome: 'CANCELLATION_DENIED' });
    }
    const [item] = (await internal.claimWork({ owner: 'w1', limit: 10, leaseSeconds: 30 })).items;
    expect(item).toBeUndefined();
    const row = await sqlRow(
      t.db,
      'SELECT reserved_quantity AS reserved, cancellation_denials AS denials FROM securities_transfers WHERE id = ?',
      created.id,
    );
    expect(row).toEqual({ reserved: '10', denials: 10 });
    await expect(client.securitiesTransfers.cancel({ id: created.id })).rejects.toMatchObject({
      message: expect.stringContaining('refused 10 cancellations'),
    });
  });

  it('cancels an outgoing transfer above the available units with a readable reason', async () => {
    const client = callerFor(t);
    const internal = callerFor(t, { actor: service }).internal;
    const created = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '30',
    });
    const outcome = await internal.validate({ id: created.id });
    expect(outcome).toMatchObject({
      outcome: 'CANCELLED',
      detail: 'INSUFFICIENT_POSITION: 30 requested, 25 available',
    });
  });

  it('applies a batch at once; a failing command drops only itself; counters and positions stay exact', async () => {
    const client = callerFor(t);
    const internal = callerFor(t, { actor: service }).internal;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await client.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        direction: 'OUTGOING',
        quantity: '10',
      });
      ids.push(created.id);
    }
    const [a, b, c] = ids as [string, string, string];
    const validated = await internal.processBatch({ commands: ids.map((id) => ({ op: 'validate', id })) });
    expect(validated.results.map((r) => (r.ok ? r.result.outcome : r.error.code))).toEqual([
      'VALIDATED',
      'VALIDATED',
      'CANCELLED',
    ]);
    const refs = { [a]: 'T00000000000000A', [b]: 'T00000000000000B' };
    await internal.processBatch({
      commands: [a, b].map((id) => ({ op: 'recordInstruction', id, custodianReference: refs[id] as string })),
    });
    const confirm = (ref: string, messageReference: string) => ({
      op: 'applyConfirmation' as const,
      custodianReference: ref,
      messageReference,
      quantity: '10',
      effectiveDate: '2026-03-04',
      messageType: 'MT546' as const,
      isin: 'US0378331005',
      safekeepingAccount: demoSafekeeping(DEMO.account),
    });
    const settled = await internal.processBatch({
      commands: [
        confirm('T00000000000000A', 'MA'),
        confirm('T0000000000000ZZ', 'MZ'),
        { op: 'validate', id: '00000000-0000-4000-8000-000000000000' },
        { op: 'recordInstruction', id: c, custodianReference: 'T00000000000000C' },
        confirm('T00000000000000B', 'MB'),
        confirm('T00000000000000B', 'MB'),
      ],
    });
    expect(settled.results.map((r) => (r.ok ? r.result.outcome : r.error.code))).toEqual([
      'SETTLED',
      'EXCEPTION',
      'NOT_FOUND',
      'CANCELLED',
      'SETTLED',
      'ALREADY_APPLIED',
    ]);
    const position = await sqlRow(
      t.db,
      'SELECT quantity, reserved FROM positions WHERE account_id = ? AND isin = ?',
      DEMO.account,
      'US0378331005',
    );
    expect(position).toEqual({ quantity: '5', reserved: '0' });
    const counted = await sqlRows(
      t.db,
      `SELECT tenant_id, direction, status, count(*) AS n FROM securities_transfers
         GROUP BY tenant_id, direction, status ORDER BY 1, 2, 3`,
    );
    const counters = await sqlRows(
      t.db,
      `SELECT tenant_id, direction, status, sum(count) AS n FROM transfer_counts
         WHERE transfer_kind = 'SECURITIES_TRANSFER' GROUP BY 1, 2, 3 HAVING sum(count) <> 0 ORDER BY 1, 2, 3`,
    );
    expect(counters).toEqual(counted);
    const history = await sqlRow(
      t.db,
      'SELECT count(*) AS n FROM transfer_history WHERE transfer_id IN (?, ?, ?)',
      a,
      b,
      c,
    );
    // created ×3, CANCELLED (c), PROCESSING ×2, SETTLED ×2
    expect(history).toEqual({ n: 8 });
  });

  it('validates the claimed NEW transfers in the claim transaction when asked', async () => {
    const client = callerFor(t);
    const internal = callerFor(t, { actor: service }).internal;
    const ok = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '10',
    });
    const tooMuch = await client.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '20',
    });
    const claimed = await internal.claimWork({ owner: 'w1', limit: 10, leaseSeconds: 30, validate: true });
    expect(claimed.items.map((i) => [i.id, i.work])).toEqual([
      [ok.id, 'INSTRUCT'],
      [tooMuch.id, 'INSTRUCT'],
    ]);
    expect(claimed.validations?.map((r) => (r.ok ? r.result.outcome : r.error.code))).toEqual([
      'VALIDATED',
      'CANCELLED',
    ]);
    expect(
      (await internal.claimWork({ owner: 'w2', limit: 10, leaseSeconds: 30, validate: true })).items,
    ).toEqual([]);
    // Same as the validate command: a repeat is VALIDATED (already reserved) / UNCHANGED (cancelled).
    expect((await internal.validate({ id: ok.id })).outcome).toBe('VALIDATED');
    expect((await internal.validate({ id: tooMuch.id })).outcome).toBe('UNCHANGED');
    expect(await client.securitiesTransfers.get({ id: tooMuch.id })).toMatchObject({ status: 'CANCELLED' });
    const position = await sqlRow(
      t.db,
      'SELECT quantity, reserved FROM positions WHERE account_id = ? AND isin = ?',
      DEMO.account,
      'US0378331005',
    );
    expect(position).toEqual({ quantity: '25', reserved: '10' });
  });

  it('refuses callers that are not services', async () => {
    await expect(callerFor(t).internal.status()).rejects.toThrow(/service credentials/);
  });
});
