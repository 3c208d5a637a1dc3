import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDb,
  DEMO,
  demoSafekeeping,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { sqlRows } from '../../test/inspect.js';
import type { Actor } from '../context.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };
const VIEWER: Actor = { kind: 'operator', operatorId: 'op-2', email: 'viewer@example.com', role: 'viewer' };
const SERVICE = { kind: 'service', name: 'reconciler' } as const;
const RAW = '{1:F01TBOBDEFFAXXX0000000000}{2:O5461405240117CUSTDEFFAXXX12345678952401171405N}{4:\r\n-}';

describe('custodian exceptions in the console', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  /** An INCOMING transfer instructed as T000000000000001, and an MT546 of another ISIN against it. */
  async function mismatch() {
    const created = await callerFor(t).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'INCOMING',
    });
    const internal = callerFor(t, { actor: SERVICE }).internal;
    await internal.validate({ id: created.id });
    await internal.recordInstruction({ id: created.id, custodianReference: 'T000000000000001' });
    const outcome = await internal.applyConfirmation({
      custodianReference: 'T000000000000001',
      messageReference: 'CUST1',
      messageType: 'MT546',
      isin: 'DE0007164600',
      safekeepingAccount: demoSafekeeping(DEMO.account),
      quantity: '1',
      effectiveDate: '2026-03-04',
      source: 'mt546.fin',
      raw: RAW,
    });
    return { id: created.id, outcome };
  }

  it('lists an unbooked message with its raw text and lets an operator resolve it, audited', async () => {
    const { id, outcome } = await mismatch();
    expect(outcome).toMatchObject({ id, status: 'PROCESSING', outcome: 'EXCEPTION' });
    const viewer = callerFor(t, { actor: VIEWER }).admin;
    const [listed, ...rest] = (await viewer.exceptions.list({})).rows;
    expect(rest).toEqual([]);
    expect(listed).toMatchObject({
      reason_code: 'MESSAGE_TYPE_MISMATCH',
      message_type: 'MT546',
      message_reference: 'CUST1',
      related_reference: 'T000000000000001',
      source: 'mt546.fin',
      raw_message: RAW,
      transfer_id: id,
      tenant_id: DEMO.tenant.id,
      resolved_at: null,
    });
    expect(listed?.detail).toContain('names DE0007164600');
    const detail = await viewer.transfers.securities({ id });
    expect(detail.exceptions.map((e) => e.id)).toEqual([listed?.id]);
    expect(detail.history.at(-1)).toMatchObject({
      reason_code: 'CUSTODIAN_EXCEPTION',
      source_message: 'mt546.fin',
    });

    const exceptionId = listed?.id as string;
    await expect(
      viewer.exceptions.resolve({ id: exceptionId, reason: 'asked the custodian' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const operator = callerFor(t, { actor: OPERATOR }).admin;
    await operator.exceptions.resolve({ id: exceptionId, reason: 'custodian confirmed a wrong routing' });
    await expect(operator.exceptions.resolve({ id: exceptionId, reason: 'again' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await viewer.exceptions.list({})).rows).toEqual([]);
    const [resolved] = (await viewer.exceptions.list({ state: 'resolved' })).rows;
    expect(resolved).toMatchObject({
      resolved_by: 'operator:ops@example.com',
      resolution: 'custodian confirmed a wrong routing',
      resolved_at: expect.any(String),
    });
    expect((await viewer.transfers.securities({ id })).history.at(-1)).toMatchObject({
      actor: 'operator:ops@example.com',
      reason_code: 'CUSTODIAN_EXCEPTION_RESOLVED',
    });
  });

  it('a reversal or advice that names another ISIN or account undoes nothing', async () => {
    const created = await callerFor(t).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'INCOMING',
    });
    const internal = callerFor(t, { actor: SERVICE }).internal;
    await internal.validate({ id: created.id });
    await internal.recordInstruction({ id: created.id, custodianReference: 'T000000000000002' });
    const ours = demoSafekeeping(DEMO.account);
    const booked = await internal.applyConfirmation({
      custodianReference: 'T000000000000002',
      messageReference: 'CUSTOK',
      messageType: 'MT544',
      isin: SEED_SECURITIES_REQUEST.instrument_id,
      safekeepingAccount: ours,
      quantity: SEED_SECURITIES_REQUEST.quantity,
      effectiveDate: '2026-03-04',
    });
    expect(booked.outcome).toBe('SETTLED');
    const reversal = await internal.applyReversal({
      messageReference: 'CUSTRV',
      previousReference: 'CUSTOK',
      messageType: 'MT544',
      isin: SEED_SECURITIES_REQUEST.instrument_id,
      safekeepingAccount: demoSafekeeping(DEMO.secondAccount),
    });
    expect(reversal).toMatchObject({
      outcome: 'EXCEPTION',
      detail: expect.stringContaining('ACCOUNT_MISMATCH'),
    });
    const rejection = await internal.applyRejection({
      custodianReference: 'T000000000000002',
      messageReference: 'CUSTRJ',
      reasonCode: 'SAFE',
      isin: 'DE0007164600',
    });
    expect(rejection).toMatchObject({
      outcome: 'EXCEPTION',
      detail: expect.stringContaining('ISIN_MISMATCH'),
    });
    const transfer = await callerFor(t).securitiesTransfers.get({ id: created.id });
    expect(transfer).toMatchObject({ status: 'SETTLED', quantity_settled: SEED_SECURITIES_REQUEST.quantity });
  });

  it('a denied cancellation of a transfer already final in our books is an exception', async () => {
    const created = await callerFor(t).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'INCOMING',
    });
    const internal = callerFor(t, { actor: SERVICE }).internal;
    await internal.validate({ id: created.id });
    await internal.recordInstruction({ id: created.id, custodianReference: 'T000000000000003' });
    await internal.applyRejection({
      custodianReference: 'T000000000000003',
      messageReference: 'CUSTRJ3',
      reasonCode: 'SAFE',
    });
    const denied = await internal.denyCancellation({
      custodianReference: 'T000000000000003',
      messageReference: 'CUSTDN3',
      status: 'CPRC//DEND',
      reasonCode: 'DPRG',
    });
    expect(denied).toMatchObject({
      status: 'CANCELLED',
      outcome: 'EXCEPTION',
      detail: expect.stringContaining('TRANSFER_NOT_OPEN'),
    });
    expect((await internal.status()).openExceptions).toBe(1);
  });

  it('records a message once, however often it is read again', async () => {
    await mismatch();
    const internal = callerFor(t, { actor: SERVICE }).internal;
    const again = await internal.processBatch({
      commands: [
        {
          op: 'applyConfirmation',
          custodianReference: 'T000000000000001',
          messageReference: 'CUST1',
          messageType: 'MT546',
          isin: 'DE0007164600',
          safekeepingAccount: demoSafekeeping(DEMO.account),
          quantity: '1',
          effectiveDate: '2026-03-04',
        },
        {
          op: 'recordException',
          reasonCode: 'UNREADABLE',
          detail: 'no block 4',
          source: 'bad.fin',
          raw: 'x',
        },
        {
          op: 'recordException',
          reasonCode: 'UNREADABLE',
          detail: 'no block 4',
          source: 'bad.fin',
          raw: 'x',
        },
      ],
    });
    expect(again.results.map((r) => r.ok && r.result.outcome)).toEqual([
      'EXCEPTION',
      'EXCEPTION',
      'EXCEPTION',
    ]);
    const rows = await sqlRows(t.db, 'SELECT reason_code FROM custodian_exceptions ORDER BY reason_code');
    expect(rows).toEqual([{ reason_code: 'MESSAGE_TYPE_MISMATCH' }, { reason_code: 'UNREADABLE' }]);
  });
});
