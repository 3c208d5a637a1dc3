import { SecuritiesTransferSchema } from '@tbo/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import { eventsOf, historyOf, problemOf, rowOf, sqlRow, sqlRun } from '../../test/inspect.js';
import { writeTransaction } from '../db/transaction.js';
import { requireAccountOfUser } from '../services/accounts.js';
import { insertSecuritiesTransfer } from '../services/securities-transfers.js';
import { transitionSecuritiesTransfer } from '../services/transitions.js';

const reconciler = { actor: 'reconciler', at: '2026-03-02T10:00:00.000Z' };

describe('securitiesTransfers procedures', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('create answers the resource with defaults and writes history and the NEW event', async () => {
    const api = callerFor(t);
    const created = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, quantity: '010.50' });
    expect(SecuritiesTransferSchema.parse(created)).toEqual(created);
    expect(created).toMatchObject({
      status: 'NEW',
      quantity: '10.5',
      instrument_id: 'US0378331005',
      place_of_settlement: 'DAKVDEFFXXX',
      created_at: '2026-03-02T09:00:00.000Z',
    });
    expect(created.quantity_settled).toBeUndefined();
    expect(created.actual_settlement_date).toBeUndefined();
    const history = await historyOf(t.db, created.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actor])).toEqual([
      [null, 'NEW', 'client:ebabcf4d-61c3-4942-875c-e265a7c2d062'],
    ]);
    const events = await eventsOf(t.db, created.id);
    expect(events.map((e) => e.type)).toEqual(['SECURITIES_TRANSFER.NEW']);
    expect(JSON.parse(events[0]!.payload)).toEqual(created);
  });

  it('the row a create builds in memory is exactly the row stored, defaults included', async () => {
    const { account_id, user_id } = SEED_SECURITIES_REQUEST;
    const built = await writeTransaction(t.db, async (tx) =>
      insertSecuritiesTransfer(
        tx,
        {
          tenantId: DEMO.tenant.id,
          account: await requireAccountOfUser(t.db, DEMO.tenant.id, account_id, user_id),
          direction: 'OUTGOING',
          isin: 'US0378331005',
          quantity: '007.250',
          settlementReference: 'ROW-CHECK',
          counterparty: { bic: 'DUMBZZ33XXX' },
        },
        reconciler,
      ),
    );
    expect(await rowOf(t.db, built.id)).toEqual(built);
  });

  it('keeps a requested place of settlement and moves dates off closed days', async () => {
    const api = callerFor(t);
    const created = await api.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      place_of_settlement: 'CEDELULLXXX',
      trade_date: '2026-04-03',
      settlement_date: '2026-04-06',
    });
    expect(created.place_of_settlement).toBe('CEDELULLXXX');
    expect(created.trade_date).toBe('2026-04-07');
    expect(created.settlement_date).toBe('2026-04-07');
    expect((await historyOf(t.db, created.id))[1]).toMatchObject({
      reasonCode: 'DATES_ADJUSTED',
      reason: expect.stringContaining('trade_date moved from 2026-04-03 to 2026-04-07'),
    });
  });

  it('refuses an account of another user or an unknown account with the field named', async () => {
    const api = callerFor(t);
    await expect(
      api.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        account_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'user_id does not own the account account_id' });
    await expect(
      api.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        account_id: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('rejects malformed input with field paths and stores nothing', async () => {
    const api = callerFor(t);
    const error = await api.securitiesTransfers
      .create({
        ...SEED_SECURITIES_REQUEST,
        quantity: '1.5e3',
        counterparty: { bic: 'dumbzz33xxx' },
      } as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const problem = problemOf(error);
    expect(problem.status).toBe(400);
    expect(problem.invalid_params).toEqual([
      { name: 'quantity', reason: expect.stringContaining('decimal string') },
      { name: 'counterparty.bic', reason: expect.stringContaining('BIC (ISO 9362)') },
    ]);
    const list = await api.securitiesTransfers.list({ direction: 'INCOMING' });
    expect(list.meta.total_count).toBe(0);
  });

  it('cancel: NEW → CANCELLED at once, PROCESSING → requested, final → 409', async () => {
    const api = callerFor(t);
    const first = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const cancelled = await api.securitiesTransfers.cancel({ id: first.id });
    expect(cancelled.status).toBe('CANCELLED');
    expect((await eventsOf(t.db, first.id)).map((e) => e.type)).toEqual([
      'SECURITIES_TRANSFER.NEW',
      'SECURITIES_TRANSFER.CANCELLED',
    ]);
    await expect(api.securitiesTransfers.cancel({ id: first.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const second = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, second.id), 'PROCESSING', reconciler);
    const requested = await api.securitiesTransfers.cancel({ id: second.id });
    expect(requested.status).toBe('PROCESSING');
    expect((await rowOf(t.db, second.id)).cancellationRequestedAt).not.toBeNull();
    expect((await historyOf(t.db, second.id)).at(-1)?.reasonCode).toBe('CANCELLATION_REQUESTED');

    const third = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, third.id), 'PROCESSING', reconciler);
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, third.id), 'SETTLED', reconciler, {
      quantitySettled: '10',
      actualSettlementDate: '2026-03-04',
    });
    await expect(api.securitiesTransfers.cancel({ id: third.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const settled = await api.securitiesTransfers.get({ id: third.id });
    expect(settled).toMatchObject({
      status: 'SETTLED',
      quantity_settled: '10',
      actual_settlement_date: '2026-03-04',
    });
  });

  it('refuses transitions the status machine forbids and leaves no trace', async () => {
    const api = callerFor(t);
    const created = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    await expect(
      transitionSecuritiesTransfer(t.db, await rowOf(t.db, created.id), 'SETTLED', reconciler),
    ).rejects.toThrow(/cannot go from NEW to SETTLED/);
    expect(await historyOf(t.db, created.id)).toHaveLength(1);
    expect(await eventsOf(t.db, created.id)).toHaveLength(1);
    expect((await rowOf(t.db, created.id)).status).toBe('NEW');
  });

  it('a write whose answer breaks the contract fails with 500 and commits nothing', async () => {
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    // A stored value the contract refuses (as a faulty migration or tool might leave it).
    await sqlRun(
      t.db,
      "UPDATE securities_transfers SET counterparty_bic = 'not a bic' WHERE id = ?",
      created.id,
    );
    const key = '5f0e6a2c-1b9d-4c3e-8a7f-2d4b6c8e0a1f';
    const failure = await callerFor(t, { idempotencyKey: key })
      .securitiesTransfers.cancel({ id: created.id })
      .catch((error: unknown) => error);
    expect(problemOf(failure)).toMatchObject({ status: 500, code: 'INTERNAL' });
    // The cancel was checked before its commit: still NEW, no CANCELLED history or event, key free.
    expect((await rowOf(t.db, created.id)).status).toBe('NEW');
    expect(await historyOf(t.db, created.id)).toHaveLength(1);
    expect(await eventsOf(t.db, created.id)).toHaveLength(1);
    expect(await sqlRow(t.db, 'SELECT count(*) AS n FROM idempotency_keys WHERE key = ?', key)).toEqual({
      n: 0,
    });
    // A read of it fails tRPC's own output check: also a 500, never a 400 blaming the caller.
    const read = await callerFor(t)
      .securitiesTransfers.get({ id: created.id })
      .catch((error: unknown) => error);
    expect(problemOf(read)).toMatchObject({ status: 500, code: 'INTERNAL' });
  });

  it('answers 404 for an unknown id', async () => {
    const api = callerFor(t);
    await expect(
      api.securitiesTransfers.get({ id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('needs the right scope', async () => {
    const reader = callerFor(t, {
      actor: {
        kind: 'client',
        tenantId: '0b7c7e4e-5d0a-4c57-9a55-6f0d2a3f1a01',
        clientId: 'ebabcf4d-61c3-4942-875c-e265a7c2d062',
        scopes: ['transfers:read'],
      },
    });
    await expect(reader.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(reader.securitiesTransfers.list({ direction: 'INCOMING' })).resolves.toBeDefined();
    const anonymous = callerFor(t, { actor: { kind: 'anonymous' } });
    await expect(anonymous.securitiesTransfers.list({ direction: 'INCOMING' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
