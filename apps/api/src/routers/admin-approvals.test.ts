import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDb,
  DEMO,
  demoSafekeeping,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { rowOf, sqlRows } from '../../test/inspect.js';
import { type Actor, createContextInner } from '../context.js';

const ALICE: Actor = {
  kind: 'operator',
  operatorId: 'op-alice',
  email: 'alice@example.com',
  role: 'operator',
};
const BOB: Actor = { kind: 'operator', operatorId: 'op-bob', email: 'bob@example.com', role: 'operator' };

describe('four eyes on manual settle and reject', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  const as = (actor: Actor, fourEyes = true) => callerFor(t, { actor, config: { fourEyes } }).admin;

  async function processing(reference: string): Promise<string> {
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const internal = callerFor(t, { actor: { kind: 'service', name: 'reconciler' } }).internal;
    await internal.validate({ id: created.id });
    await internal.recordInstruction({ id: created.id, custodianReference: reference });
    return created.id;
  }

  async function audit(): Promise<{ actor: string; action: string; subject_id: string }[]> {
    return (await sqlRows(t.db, 'SELECT actor, action, subject_id FROM operator_audit ORDER BY at, id')) as {
      actor: string;
      action: string;
      subject_id: string;
    }[];
  }

  it('is on when live, off in the sandbox, and a setting overrides both', () => {
    const fourEyes = (config: { live?: boolean; fourEyes?: boolean }) =>
      createContextInner({ db: t.db, writes: t.writes, config }).config.fourEyes;
    expect(fourEyes({ live: true })).toBe(true);
    expect(fourEyes({ live: false })).toBe(false);
    expect(fourEyes({})).toBe(false);
    expect(fourEyes({ live: true, fourEyes: false })).toBe(false);
    expect(fourEyes({ live: false, fourEyes: true })).toBe(true);
  });

  it('applies a settle only when a second operator approves it; the requester cannot', async () => {
    const id = await processing('T00000000000AP01');
    const asked = await as(ALICE).transfers.settle({
      id,
      quantity: '10',
      date: '2026-03-02',
      reason: 'MT544 by e-mail',
    });
    expect(asked.approval_id).toEqual(expect.any(String));
    const approvalId = asked.approval_id ?? '';
    expect(await rowOf(t.db, id)).toMatchObject({ status: 'PROCESSING', quantitySettled: '0' });

    const pending = (await as(BOB).approvals.list({ state: 'PENDING' })).rows;
    expect(pending).toEqual([
      expect.objectContaining({
        id: approvalId,
        action: 'MANUAL_SETTLE',
        quantity: '10',
        requested_by: 'operator:alice@example.com',
      }),
    ]);
    await expect(as(ALICE).approvals.approve({ id: approvalId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await rowOf(t.db, id)).status).toBe('PROCESSING');
    // A second request for the same transfer while one waits is a conflict.
    await expect(as(BOB).transfers.reject({ id, reason: 'rejected by custodian' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const approved = await as(BOB).approvals.approve({ id: approvalId });
    expect(approved).toMatchObject({ state: 'APPROVED', decided_by: 'operator:bob@example.com' });
    expect(await rowOf(t.db, id)).toMatchObject({ status: 'SETTLED', quantitySettled: '10' });
    await expect(as(BOB).approvals.approve({ id: approvalId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await audit()).toEqual([
      { actor: 'operator:alice@example.com', action: 'approval.request', subject_id: id },
      { actor: 'operator:bob@example.com', action: 'approval.approve', subject_id: approvalId },
    ]);
    const history = await as(BOB).transfers.securities({ id });
    expect(history.history.map((h) => h.reason_code)).toEqual(
      expect.arrayContaining(['MANUAL_SETTLE_REQUESTED', 'MANUAL_SETTLEMENT']),
    );
  });

  it('re-checks the transfer at approval: a change since the request applies nothing', async () => {
    const id = await processing('T00000000000AP02');
    const asked = await as(ALICE).transfers.settle({
      id,
      quantity: '10',
      date: '2026-03-02',
      reason: 'MT544 by e-mail',
    });
    // Meanwhile the custodian's own confirmation settles 4 units.
    t.clock.set(new Date(t.clock.now().getTime() + 1000));
    await callerFor(t, { actor: { kind: 'service', name: 'reconciler' } }).internal.applyConfirmation({
      custodianReference: 'T00000000000AP02',
      messageReference: 'CUSTPART1',
      messageType: 'MT544',
      isin: SEED_SECURITIES_REQUEST.instrument_id,
      safekeepingAccount: demoSafekeeping(DEMO.account),
      quantity: '4',
      effectiveDate: '2026-03-02',
    });
    await expect(as(BOB).approvals.approve({ id: asked.approval_id ?? '' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('changed since the request'),
    });
    expect(await rowOf(t.db, id)).toMatchObject({ status: 'PROCESSING', quantitySettled: '4' });
    expect((await as(BOB).approvals.list({ state: 'PENDING' })).rows.map((r) => r.id)).toEqual([
      asked.approval_id,
    ]);
    expect((await audit()).map((a) => a.action)).toEqual(['approval.request']);
  });

  it('a rejected request applies nothing and frees the transfer for a new one', async () => {
    const id = await processing('T00000000000AP03');
    const asked = await as(ALICE).transfers.reject({ id, reason: 'custodian rejected by phone' });
    const turnedDown = await as(BOB).approvals.reject({
      id: asked.approval_id ?? '',
      reason: 'no MT548 yet',
    });
    expect(turnedDown).toMatchObject({ state: 'REJECTED', decision_reason: 'no MT548 yet' });
    expect((await rowOf(t.db, id)).status).toBe('PROCESSING');
    await expect(as(BOB).approvals.approve({ id: asked.approval_id ?? '' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const again = await as(BOB).transfers.reject({ id, reason: 'MT548 REJT arrived' });
    await as(ALICE).approvals.approve({ id: again.approval_id ?? '' });
    expect((await rowOf(t.db, id)).status).toBe('CANCELLED');
    expect((await audit()).map((a) => a.action)).toEqual([
      'approval.request',
      'approval.reject',
      'approval.request',
      'approval.approve',
    ]);
  });

  it('refuses a request the action itself would refuse', async () => {
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    await expect(
      as(ALICE).transfers.settle({ id: created.id, quantity: '1', date: '2026-03-02', reason: 'too early' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await as(BOB).approvals.list({ state: 'PENDING' })).rows).toEqual([]);
  });

  it('without four eyes the operator acts at once, audited', async () => {
    const id = await processing('T00000000000AP04');
    const done = await as(ALICE, false).transfers.settle({
      id,
      quantity: '10',
      date: '2026-03-02',
      reason: 'MT544 copy',
    });
    expect(done.approval_id).toBeNull();
    expect((await rowOf(t.db, id)).status).toBe('SETTLED');
    expect(await audit()).toEqual([
      { actor: 'operator:alice@example.com', action: 'transfer.settle', subject_id: id },
    ]);
  });
});
