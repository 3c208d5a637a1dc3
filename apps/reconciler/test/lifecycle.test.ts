import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventTypesOf, historyOf, positionOf, statusOf, transferOf } from './inspect.js';
import { APPLE, account, MICROSOFT_NOT_ENABLED, NETFLIX, SAP, securities, TESLA } from './requests.js';
import { DEMO, type System, startSystem, waitFor } from './system.js';

describe('reconciler with the simulated custodian (real api over HTTP)', () => {
  let s: System;
  beforeEach(async () => {
    s = await startSystem();
  });
  afterEach(() => s.close());

  it('runs an AUTO transfer NEW → PROCESSING → SETTLED, booking positions and emitting events', async () => {
    const t = await s.client.securitiesTransfers.create(securities('INCOMING', APPLE, '10', 'AUTO-1'));
    void s.worker().start();
    await waitFor(() => statusOf(s.t.db, t.id) === 'SETTLED', 'SETTLED');
    // Created on 2026-03-02: trade T+1, settlement T+2; the sandbox settles on the intended date, never before.
    expect(transferOf(s.t.db, t.id)).toMatchObject({
      quantity_settled: '10',
      actual_settlement_date: '2026-03-04',
    });
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '35', reserved: '0' });
    expect(eventTypesOf(s.t.db, t.id)).toEqual([
      'SECURITIES_TRANSFER.NEW',
      'SECURITIES_TRANSFER.PROCESSING',
      'SECURITIES_TRANSFER.SETTLED',
    ]);
    expect(historyOf(s.t.db, t.id).map((h) => h.to)).toEqual(['NEW', 'PROCESSING', 'SETTLED']);
    const got = await s.client.securitiesTransfers.get({ id: t.id });
    expect(got).toMatchObject({
      status: 'SETTLED',
      quantity_settled: '10',
      trade_date: '2026-03-03',
      settlement_date: '2026-03-04',
      actual_settlement_date: '2026-03-04',
    });
  });

  it('cancels an OUTGOING transfer above the available units with INSUFFICIENT_POSITION', async () => {
    const t = await s.client.securitiesTransfers.create(securities('OUTGOING', SAP, '13', 'AUTO-2'));
    void s.worker().start();
    await waitFor(() => statusOf(s.t.db, t.id) === 'CANCELLED', 'CANCELLED');
    expect(transferOf(s.t.db, t.id)).toMatchObject({
      cancel_reason_code: 'INSUFFICIENT_POSITION',
      cancel_reason_text: '13 requested, 12 available',
    });
    expect(positionOf(s.t.db, DEMO.account, SAP)).toEqual({ quantity: '12', reserved: '0' });
  });

  it('lets only one of two concurrent OUTGOING transfers spend the same units', async () => {
    const a = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '20', 'AUTO-A'));
    const b = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '20', 'AUTO-B'));
    // Two workers race for the same queue.
    void s.worker({ batchSize: 1 }).start();
    void s.worker({ batchSize: 1 }).start();
    const final = () => [a.id, b.id].map((id) => statusOf(s.t.db, id));
    await waitFor(() => final().every((x) => x === 'SETTLED' || x === 'CANCELLED'), 'both final');
    expect(final().sort()).toEqual(['CANCELLED', 'SETTLED']);
    const loser = [a.id, b.id].find((id) => statusOf(s.t.db, id) === 'CANCELLED') ?? '';
    expect(transferOf(s.t.db, loser).cancel_reason_text).toBe('20 requested, 5 available');
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '5', reserved: '0' });
  });

  it('settles a full-account OUTGOING transfer and leaves only the fractions', async () => {
    const at = await s.client.accountTransfers.create(account('OUTGOING', [], 'AUTO-FULL'));
    expect(at.instruments.map((i) => [i.id, i.quantity])).toEqual([
      [SAP, '12'],
      [APPLE, '25'],
      [NETFLIX, '7'],
      [TESLA, '3'],
    ]);
    void s.worker().start();
    await waitFor(() => statusOf(s.t.db, at.instruments[0]?.transfer_id ?? '') === 'SETTLED', 'children');
    await waitFor(() => at.instruments.every((i) => statusOf(s.t.db, i.transfer_id) === 'SETTLED'), 'all');
    expect((await s.client.accountTransfers.get({ id: at.id })).status).toBe('SETTLED');
    expect(
      [SAP, APPLE, NETFLIX, TESLA].map((isin) => positionOf(s.t.db, DEMO.account, isin).quantity),
    ).toEqual(['0', '0', '0.5', '0.25']);
    expect(eventTypesOf(s.t.db, at.id)).toEqual([
      'ACCOUNT_TRANSFER.NEW',
      'ACCOUNT_TRANSFER.PROCESSING',
      'ACCOUNT_TRANSFER.SETTLED',
    ]);
  });

  it('derives PARTIALLY_SETTLED when one child is refused', async () => {
    const at = await s.client.accountTransfers.create(
      account(
        'INCOMING',
        [
          { id: APPLE, quantity: '3' },
          { id: MICROSOFT_NOT_ENABLED, quantity: '2' },
        ],
        'AUTO-MIXED',
      ),
    );
    void s.worker().start();
    const ids = at.instruments.map((i) => i.transfer_id);
    await waitFor(() => ids.every((id) => ['SETTLED', 'CANCELLED'].includes(statusOf(s.t.db, id))), 'final');
    const got = await s.client.accountTransfers.get({ id: at.id });
    expect(got.status).toBe('PARTIALLY_SETTLED');
    expect(got.instruments.map((i) => i.status)).toEqual(['SETTLED', 'CANCELLED']);
    expect(transferOf(s.t.db, ids[1] ?? '').cancel_reason_code).toBe('INSTRUMENT_NOT_ENABLED');
    expect(eventTypesOf(s.t.db, at.id).at(-1)).toBe('ACCOUNT_TRANSFER.PARTIALLY_SETTLED');
  });

  it('settles AUTO-PARTIAL in two confirmations, the first as DATA_CHANGED', async () => {
    const t = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '9', 'AUTO-PARTIAL-1'));
    void s.worker().start();
    await waitFor(() => statusOf(s.t.db, t.id) === 'SETTLED', 'SETTLED');
    expect(eventTypesOf(s.t.db, t.id)).toEqual([
      'SECURITIES_TRANSFER.NEW',
      'SECURITIES_TRANSFER.PROCESSING',
      'SECURITIES_TRANSFER.DATA_CHANGED',
      'SECURITIES_TRANSFER.SETTLED',
    ]);
    expect(historyOf(s.t.db, t.id).map((h) => h.code)).toContain('PARTIAL_SETTLEMENT');
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '16', reserved: '0' });
  });

  it('cancels AUTO-REJECT (custodian rejection) and AUTO-CANCEL, releasing reservations', async () => {
    const rejected = await s.client.securitiesTransfers.create(
      securities('OUTGOING', APPLE, '5', 'AUTO-REJECT-1'),
    );
    const cancelled = await s.client.securitiesTransfers.create(
      securities('OUTGOING', SAP, '2', 'AUTO-CANCEL-1'),
    );
    void s.worker().start();
    await waitFor(
      () => statusOf(s.t.db, rejected.id) === 'CANCELLED' && statusOf(s.t.db, cancelled.id) === 'CANCELLED',
      'both cancelled',
    );
    expect(transferOf(s.t.db, rejected.id).cancel_reason_code).toBe('CUSTODIAN_REJECTED:SAFE');
    expect(transferOf(s.t.db, cancelled.id).cancel_reason_code).toBe('CANCELLED_AT_CUSTODIAN');
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '25', reserved: '0' });
    expect(positionOf(s.t.db, DEMO.account, SAP)).toEqual({ quantity: '12', reserved: '0' });
  });

  it('forwards the cancellation of a PROCESSING transfer and cancels it once confirmed', async () => {
    const t = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '10', 'MANUAL-1'));
    const worker = s.worker();
    void worker.start();
    await waitFor(() => statusOf(s.t.db, t.id) === 'PROCESSING', 'PROCESSING');
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '25', reserved: '10' });
    const requested = await s.client.securitiesTransfers.cancel({ id: t.id });
    expect(requested.status).toBe('PROCESSING');
    worker.notify();
    await waitFor(() => statusOf(s.t.db, t.id) === 'CANCELLED', 'CANCELLED');
    expect(historyOf(s.t.db, t.id).map((h) => h.code)).toEqual([
      null,
      null,
      'CANCELLATION_REQUESTED',
      'CANCELLATION_FORWARDED',
      'CANCELLED_BY_REQUEST',
    ]);
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '25', reserved: '0' });
  });
});
