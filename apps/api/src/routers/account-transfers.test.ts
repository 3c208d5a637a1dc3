import { AccountTransferSchema } from '@tbo/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_ACCOUNT_REQUEST, type TestDb } from '../../test/harness.js';
import { eventsOf, historyOf, problemOf, rowOf, sqlRow, sqlRun } from '../../test/inspect.js';
import { reserveUnits } from '../services/positions.js';
import { transitionSecuritiesTransfer } from '../services/transitions.js';

const reconciler = { actor: 'reconciler', at: '2026-03-02T10:00:00.000Z' };
const request = () => ({ ...SEED_ACCOUNT_REQUEST, instruments: [...SEED_ACCOUNT_REQUEST.instruments] });

describe('accountTransfers procedures', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('creates one securities transfer per instrument, sharing reference and counterparty', async () => {
    const api = callerFor(t);
    const created = await api.accountTransfers.create(request());
    expect(AccountTransferSchema.parse(created)).toEqual(created);
    expect(created.instruments).toHaveLength(2);
    for (const instrument of created.instruments) {
      const child = await api.securitiesTransfers.get({ id: instrument.transfer_id });
      expect(child).toMatchObject({
        status: 'NEW',
        settlement_reference: 'b82dc5985558fdr2',
        counterparty: SEED_ACCOUNT_REQUEST.counterparty,
        instrument_id: instrument.id,
        quantity: instrument.quantity,
      });
    }
    expect((await eventsOf(t.db, created.id)).map((e) => e.type)).toEqual(['ACCOUNT_TRANSFER.NEW']);
    expect(await api.accountTransfers.get({ id: created.id })).toEqual(created);
  });

  it('derives PROCESSING, then PARTIALLY_SETTLED in the same transaction as each child change', async () => {
    const api = callerFor(t);
    const created = await api.accountTransfers.create(request());
    const [a, b] = created.instruments.map((i) => i.transfer_id);
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, a!), 'PROCESSING', reconciler);
    expect((await api.accountTransfers.get({ id: created.id })).status).toBe('PROCESSING');
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, a!), 'SETTLED', reconciler, {
      quantitySettled: '10',
    });
    expect((await api.accountTransfers.get({ id: created.id })).status).toBe('PROCESSING');
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, b!), 'CANCELLED', {
      ...reconciler,
      reasonCode: 'INSTRUMENT_NOT_ENABLED',
    });
    const final = await api.accountTransfers.get({ id: created.id });
    expect(final.status).toBe('PARTIALLY_SETTLED');
    expect(final.instruments.map((i) => [i.status, i.quantity_settled])).toEqual([
      ['SETTLED', '10'],
      ['CANCELLED', undefined],
    ]);
    expect((await eventsOf(t.db, created.id)).map((e) => e.type)).toEqual([
      'ACCOUNT_TRANSFER.NEW',
      'ACCOUNT_TRANSFER.PROCESSING',
      'ACCOUNT_TRANSFER.PARTIALLY_SETTLED',
    ]);
    expect((await historyOf(t.db, created.id)).map((h) => h.toStatus)).toEqual([
      'NEW',
      'PROCESSING',
      'PARTIALLY_SETTLED',
    ]);
    await expect(api.accountTransfers.cancel({ id: created.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('settles to SETTLED when every child settles, CANCELLED when all are cancelled', async () => {
    const api = callerFor(t);
    const settled = await api.accountTransfers.create(request());
    for (const i of settled.instruments) {
      await transitionSecuritiesTransfer(t.db, await rowOf(t.db, i.transfer_id), 'PROCESSING', reconciler);
      await transitionSecuritiesTransfer(t.db, await rowOf(t.db, i.transfer_id), 'SETTLED', reconciler);
    }
    expect((await api.accountTransfers.get({ id: settled.id })).status).toBe('SETTLED');
    const cancelled = await api.accountTransfers.create(request());
    const after = await api.accountTransfers.cancel({ id: cancelled.id });
    expect(after.status).toBe('CANCELLED');
    expect(after.instruments.every((i) => i.status === 'CANCELLED')).toBe(true);
  });

  it('cancel of a partly processing account transfer cancels NEW children and requests the rest', async () => {
    const api = callerFor(t);
    const created = await api.accountTransfers.create(request());
    const [a, b] = created.instruments.map((i) => i.transfer_id);
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, a!), 'PROCESSING', reconciler);
    const after = await api.accountTransfers.cancel({ id: created.id });
    expect(after.status).toBe('PROCESSING');
    expect((await rowOf(t.db, a!)).cancellationRequestedAt).not.toBeNull();
    expect((await rowOf(t.db, b!)).status).toBe('CANCELLED');
  });

  it('expands an OUTGOING transfer with no instruments to every whole available unit', async () => {
    const api = callerFor(t);
    // 25 AAPL with 5 already promised elsewhere, 7.5 NFLX, 3.25 TSLA, 12 SAP.
    await reserveUnits(
      t.db,
      { tenantId: DEMO.tenant.id, accountId: DEMO.account, isin: 'US0378331005' },
      '5',
      '2026-03-02T09:00:00.000Z',
    );
    const created = await api.accountTransfers.create({
      ...request(),
      direction: 'OUTGOING',
      instruments: [],
    });
    expect(created.instruments.map((i) => [i.id, i.quantity])).toEqual([
      ['DE0007164600', '12'],
      ['US0378331005', '20'],
      ['US64110L1061', '7'],
      ['US88160R1014', '3'],
    ]);
    const [opening] = await historyOf(t.db, created.id);
    expect(opening?.reasonCode).toBe('FULL_ACCOUNT');
    expect(opening?.reason).toContain('fractions stay in the account: US64110L1061 0.5, US88160R1014 0.25');
  });

  it('refuses a full transfer of an account without whole units (422) and an INCOMING one without instruments (400)', async () => {
    const api = callerFor(t);
    const at = '2026-03-02T09:00:00.000Z';
    const key = { tenantId: DEMO.tenant.id, accountId: DEMO.secondAccount };
    await reserveUnits(t.db, { ...key, isin: 'US0378331005' }, '100', at);
    await reserveUnits(t.db, { ...key, isin: 'IE00B4L5Y983' }, '42', at);
    const empty = await api.accountTransfers
      .create({
        ...request(),
        direction: 'OUTGOING',
        instruments: [],
        user_id: DEMO.secondUser,
        account_id: DEMO.secondAccount,
      })
      .catch((e: unknown) => e);
    expect(problemOf(empty)).toMatchObject({
      status: 422,
      detail: expect.stringContaining(
        'holds no whole units to transfer (only fractions: IE00B4L5Y983 0.125)',
      ),
    });
    const incoming = await api.accountTransfers
      .create({ ...request(), instruments: [] })
      .catch((e: unknown) => e);
    expect(problemOf(incoming).invalid_params).toEqual([
      { name: 'instruments', reason: 'INCOMING account transfers need at least one instrument' },
    ]);
    expect((await api.accountTransfers.list({ direction: 'OUTGOING' })).meta.total_count).toBe(0);
  });

  it('refuses (422 naming instruments) a full transfer whose expansion would exceed what a request may send', async () => {
    const api = callerFor(t);
    // Positions grow by bookings: two INCOMING of 14 digits make a position of 15.
    await sqlRun(
      t.db,
      'UPDATE positions SET quantity = ? WHERE account_id = ? AND isin = ?',
      '100000000000000',
      DEMO.account,
      'DE0007164600',
    );
    const refused = await api.accountTransfers
      .create({ ...request(), direction: 'OUTGOING', instruments: [] })
      .catch((e: unknown) => e);
    expect(problemOf(refused)).toMatchObject({
      status: 422,
      invalid_params: [
        {
          name: 'instruments',
          reason: expect.stringContaining('DE0007164600 holds 100000000000000 units – more than 14 digits'),
        },
      ],
    });
    expect((await api.accountTransfers.list({ direction: 'OUTGOING' })).meta.total_count).toBe(0);
    expect(await sqlRow(t.db, 'SELECT count(*) AS n FROM securities_transfers')).toEqual({ n: 0 });
  });
});
