import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  clientActor,
  createTestDb,
  DEMO,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { sqlRows } from '../../test/inspect.js';

const service = { kind: 'service', name: 'reconciler' } as const;
const OPERATOR = {
  kind: 'operator',
  operatorId: 'op-1',
  email: 'ops@example.com',
  role: 'operator',
} as const;

describe('the work queue: one transfer fails alone, tenants share the claims', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('shares a claim fairly between tenants, whatever the backlog of one', async () => {
    const busy = callerFor(t);
    for (let i = 0; i < 12; i++) await busy.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const other = callerFor(t, { actor: clientActor(DEMO.otherTenant) });
    const request = {
      ...SEED_SECURITIES_REQUEST,
      user_id: DEMO.otherTenantUser,
      account_id: DEMO.otherTenantAccount,
    };
    for (let i = 0; i < 2; i++) await other.securitiesTransfers.create(request);
    const internal = callerFor(t, { actor: service }).internal;

    const first = await internal.claimWork({ owner: 'w1', limit: 4, leaseSeconds: 30 });
    const tenants = (items: { tenantId: string }[]) => items.map((i) => i.tenantId).sort();
    // The other tenant's 2 transfers arrived after the busy tenant's 12: they still get half.
    expect(tenants(first.items)).toEqual(
      [DEMO.tenant.id, DEMO.tenant.id, DEMO.otherTenant.id, DEMO.otherTenant.id].sort(),
    );
    // What one tenant does not need goes to the others.
    const second = await internal.claimWork({ owner: 'w2', limit: 4, leaseSeconds: 30 });
    expect(tenants(second.items)).toEqual(Array(4).fill(DEMO.tenant.id));
    // A work item tells the worker our safekeeping account and how the instrument is counted.
    expect(first.items[0]).toMatchObject({
      safekeepingAccount: expect.stringMatching(/^TBO-DEPOT-/),
      quantityType: 'UNIT',
    });
  });

  it('runs each command of a batch on its own: a malformed one fails alone', async () => {
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const internal = callerFor(t, { actor: service }).internal;
    await internal.claimWork({ owner: 'w1', limit: 10, leaseSeconds: 30 });
    const { results } = await internal.processBatch({
      commands: [
        { op: 'recordInstruction', id: created.id, custodianReference: 'T000000000000001' },
        {
          op: 'applyConfirmation',
          custodianReference: 'T000000000000001',
          messageReference: 'C1',
          messageType: 'MT544',
          isin: SEED_SECURITIES_REQUEST.instrument_id,
          safekeepingAccount: 'TBO-DEPOT-0001001',
          quantity: '1000000000000000',
          effectiveDate: '2026-03-04',
        },
      ],
    });
    expect(results[0]).toMatchObject({ ok: true, result: { outcome: 'INSTRUCTED' } });
    expect(results[1]).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('quantity') },
    });
  });

  it('backs a failed transfer off, parks it at the limit, and counts it in the status', async () => {
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const internal = callerFor(t, { actor: service }).internal;
    const fail = (owner: string) =>
      internal.processBatch({
        commands: [
          { op: 'failWork', id: created.id, owner, error: 'disk full', maxAttempts: 2, backoffSeconds: 60 },
        ],
      });
    await internal.claimWork({ owner: 'w1', limit: 10, leaseSeconds: 30 });
    expect((await fail('w1')).results[0]).toMatchObject({ ok: true, result: { outcome: 'RETRY_SCHEDULED' } });
    // A replay (or another worker) changes nothing: the lease is no longer w1's.
    expect((await fail('w1')).results[0]).toMatchObject({ result: { outcome: 'UNCHANGED' } });
    expect((await internal.claimWork({ owner: 'w2', limit: 10, leaseSeconds: 30 })).items).toEqual([]);
    expect(await internal.status()).toMatchObject({ retrying: 1, parked: 0 });

    t.clock.advanceDays(1);
    expect((await internal.claimWork({ owner: 'w2', limit: 10, leaseSeconds: 30 })).items).toHaveLength(1);
    expect((await fail('w2')).results[0]).toMatchObject({
      result: { outcome: 'PARKED', detail: 'disk full' },
    });
    t.clock.advanceDays(1);
    expect((await internal.claimWork({ owner: 'w3', limit: 10, leaseSeconds: 30 })).items).toEqual([]);
    expect(await internal.status()).toMatchObject({ retrying: 0, parked: 1 });
    // Parked work is an exception on the operators' list, open until the transfer is retried.
    const parkedExceptions = async () =>
      await sqlRows(
        t.db,
        'SELECT reason_code, detail, resolved_at IS NOT NULL AS resolved FROM custodian_exceptions WHERE transfer_id = ?',
        created.id,
      );
    expect(await parkedExceptions()).toEqual([
      { reason_code: 'WORK_PARKED', detail: 'parked after 2 failed attempts: disk full', resolved: 0 },
    ]);

    // The operator sees it parked and sends it back to the queue with a fresh count.
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    expect((await admin.securities({ id: created.id })).transfer).toMatchObject({
      work_attempts: 2,
      work_error: 'disk full',
      parked_at: expect.any(String),
    });
    await admin.retry({ id: created.id, reason: 'disk space freed' });
    await expect(admin.retry({ id: created.id, reason: 'twice' })).rejects.toMatchObject({
      message: expect.stringContaining('is not parked'),
    });
    expect((await internal.claimWork({ owner: 'w4', limit: 10, leaseSeconds: 30 })).items).toHaveLength(1);
    expect(await internal.status()).toMatchObject({ parked: 0 });
    expect(await parkedExceptions()).toEqual([
      expect.objectContaining({ reason_code: 'WORK_PARKED', resolved: 1 }),
    ]);
  });
});
