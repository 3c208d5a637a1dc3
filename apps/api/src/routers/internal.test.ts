import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';

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
    const part = { custodianReference: 'T000000000000001', effectiveDate: '2026-03-04' };
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
    const position = t.db.$client
      .prepare('SELECT quantity, reserved FROM positions WHERE account_id = ? AND isin = ?')
      .get(DEMO.account, 'US0378331005');
    expect(position).toEqual({ quantity: '21', reserved: '0' });
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

  it('refuses callers that are not services', async () => {
    await expect(callerFor(t).internal.status()).rejects.toThrow(/service credentials/);
  });
});
