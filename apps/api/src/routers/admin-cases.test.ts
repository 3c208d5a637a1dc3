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
import { reconciliationBreaks } from '../db/tables.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };
const OTHER: Actor = { kind: 'operator', operatorId: 'op-3', email: 'olaf@example.com', role: 'operator' };
const SERVICE = { kind: 'service', name: 'reconciler' } as const;

describe('working exceptions and breaks', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  const ops = (actor: Actor = OPERATOR) => callerFor(t, { actor }).admin.cases;

  async function audit() {
    return (await sqlRows(
      t.db,
      'SELECT actor, action, subject_kind AS kind, subject_id AS id, reason, at FROM operator_audit ORDER BY at, id',
    )) as {
      actor: string;
      action: string;
      kind: string;
      id: string;
      reason: string | null;
      at: string;
    }[];
  }

  async function exception(): Promise<{ exceptionId: string; transferId: string }> {
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const internal = callerFor(t, { actor: SERVICE }).internal;
    await internal.validate({ id: created.id });
    await internal.recordInstruction({ id: created.id, custodianReference: 'T000000000000009' });
    await internal.applyConfirmation({
      custodianReference: 'T000000000000009',
      messageReference: 'CUST9',
      messageType: 'MT544',
      isin: 'DE0007164600',
      safekeepingAccount: demoSafekeeping(DEMO.account),
      quantity: '1',
      effectiveDate: '2026-03-02',
    });
    const [listed] = (await callerFor(t, { actor: OPERATOR }).admin.exceptions.list({})).rows;
    return { exceptionId: listed?.id ?? '', transferId: created.id };
  }

  async function openBreak(id: string): Promise<void> {
    await t.db.insert(reconciliationBreaks).values({
      id,
      tenantId: DEMO.tenant.id,
      accountId: DEMO.account,
      isin: 'US0378331005',
      ours: '10',
      theirs: '7',
      statementReference: 'MT535-1',
      firstSeenAt: '2026-03-01T18:00:00.000Z',
      lastSeenAt: '2026-03-01T18:00:00.000Z',
    });
  }

  it('acknowledges, comments, links and resolves an exception, each audited with operator and time', async () => {
    const { exceptionId, transferId } = await exception();
    await ops().acknowledge({ kind: 'EXCEPTION', id: exceptionId });
    await expect(ops(OTHER).acknowledge({ kind: 'EXCEPTION', id: exceptionId })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    t.clock.set(new Date('2026-03-02T09:05:00.000Z'));
    await ops(OTHER).comment({
      kind: 'EXCEPTION',
      id: exceptionId,
      body: 'asked the custodian, ticket C-77',
    });
    expect(await ops().link({ kind: 'EXCEPTION', id: exceptionId, transfer_id: transferId })).toMatchObject({
      transfer_kind: 'SECURITIES',
    });
    await expect(
      ops().link({ kind: 'EXCEPTION', id: exceptionId, transfer_id: 'nope' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await ops().resolve({ kind: 'EXCEPTION', id: exceptionId, reason: 'corrected MT544 booked' });
    await expect(
      ops().resolve({ kind: 'EXCEPTION', id: exceptionId, reason: 'again' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const detail = await ops().exception({ id: exceptionId });
    expect(detail.item).toMatchObject({
      acknowledged_by: 'operator:ops@example.com',
      acknowledged_at: '2026-03-02T09:00:00.000Z',
      resolved_by: 'operator:ops@example.com',
      resolution: 'corrected MT544 booked',
    });
    expect(detail.comments).toEqual([
      expect.objectContaining({
        body: 'asked the custodian, ticket C-77',
        author: 'operator:olaf@example.com',
      }),
    ]);
    expect(detail.links).toEqual([
      expect.objectContaining({ transfer_id: transferId, transfer_kind: 'SECURITIES' }),
    ]);
    expect(await audit()).toEqual([
      {
        actor: 'operator:ops@example.com',
        action: 'exception.acknowledge',
        kind: 'EXCEPTION',
        id: exceptionId,
        reason: null,
        at: '2026-03-02T09:00:00.000Z',
      },
      {
        actor: 'operator:olaf@example.com',
        action: 'exception.comment',
        kind: 'EXCEPTION',
        id: exceptionId,
        reason: 'asked the custodian, ticket C-77',
        at: '2026-03-02T09:05:00.000Z',
      },
      {
        actor: 'operator:ops@example.com',
        action: 'exception.link',
        kind: 'EXCEPTION',
        id: exceptionId,
        reason: null,
        at: '2026-03-02T09:05:00.000Z',
      },
      {
        actor: 'operator:ops@example.com',
        action: 'exception.resolve',
        kind: 'EXCEPTION',
        id: exceptionId,
        reason: 'corrected MT544 booked',
        at: '2026-03-02T09:05:00.000Z',
      },
    ]);
  });

  it("resolves a break with a reason; the account's open breaks show it until then", async () => {
    await openBreak('break-a');
    const { transferId } = await exception();
    expect((await ops().accountBreaks({ account_id: DEMO.account })).map((b) => b.id)).toEqual(['break-a']);
    expect(await ops().accountBreaks({ account_id: DEMO.secondAccount })).toEqual([]);
    await ops().link({ kind: 'BREAK', id: 'break-a', transfer_id: transferId });
    await ops().resolve({ kind: 'BREAK', id: 'break-a', reason: '3 units in transit, booked on settlement' });
    expect(await ops().accountBreaks({ account_id: DEMO.account })).toEqual([]);
    const detail = await ops().break({ id: 'break-a' });
    expect(detail.item).toMatchObject({
      difference: '-3',
      resolved_by: 'operator:ops@example.com',
      resolution: '3 units in transit, booked on settlement',
    });
    expect(detail.links.map((l) => l.transfer_id)).toEqual([transferId]);
    expect((await audit()).map((a) => a.action)).toEqual(['break.link', 'break.resolve']);
    expect(await ops().ofTransfer({ transfer_id: transferId })).toEqual([
      {
        kind: 'BREAK',
        id: 'break-a',
        label: 'break US0378331005',
        open: false,
        linked_by: 'operator:ops@example.com',
      },
    ]);
  });

  it('writes nothing, not even the audit row, when the action is refused', async () => {
    await expect(
      ops().resolve({ kind: 'BREAK', id: 'missing', reason: 'whatever it was' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(ops().comment({ kind: 'BREAK', id: 'missing', body: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await audit()).toEqual([]);
  });
});
