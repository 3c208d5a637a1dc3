import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteOf } from '../../api/src/db/client.js';
import { type Family, sampleValue } from '../../api/test/prometheus-text.js';
import { cancellationReferenceFor, custodianReferenceFor } from '../src/references.js';
import { eventTypesOf, historyOf, positionOf, transferOf } from './inspect.js';
import { APPLE, account, NETFLIX, SAP, securities } from './requests.js';
import { confirmation, statusAdvice } from './swift-messages.js';
import { type SwiftProcessSystem, safe, startSwiftProcess } from './swift-process.js';
import { DEMO, waitFor } from './system.js';

// The real worker process, the real api over HTTP and the swift-files custodian:
// every message below is dropped into the inbox as a custodian sends it.
describe('custodian messages through the worker process (swift-files)', () => {
  let s: SwiftProcessSystem;
  beforeEach(async () => {
    s = await startSwiftProcess();
  });
  afterEach(() => s.stop());

  const ref = (id: string) => custodianReferenceFor(id);
  const cancRef = (id: string) => cancellationReferenceFor(ref(id));
  const codes = (id: string) => historyOf(s.t.db, id).map((h) => h.code);
  const exceptions = () =>
    sqliteOf(s.t.db)
      .$client.prepare(
        `SELECT reason_code, source, transfer_id, raw_message, resolved_at FROM custodian_exceptions ORDER BY source`,
      )
      .all() as {
      reason_code: string;
      source: string;
      transfer_id: string | null;
      raw_message: string;
      resolved_at: string | null;
    }[];

  async function instructed(
    direction: 'INCOMING' | 'OUTGOING',
    isin: string,
    quantity: string,
    reference: string,
  ) {
    const created = await s.client.securitiesTransfers.create(
      securities(direction, isin, quantity, reference),
    );
    await s.sent(`${ref(created.id)}.${direction === 'INCOMING' ? 'MT540' : 'MT542'}.fin`);
    await waitFor(() => transferOf(s.t.db, created.id).status === 'PROCESSING', 'PROCESSING');
    return created.id;
  }

  async function cancelForwarded(id: string) {
    await s.client.securitiesTransfers.cancel({ id });
    await s.sent(`${cancRef(id)}.MT542.CANC.fin`);
    await waitFor(() => codes(id).includes('CANCELLATION_FORWARDED'), 'cancellation forwarded');
  }

  it('a rejected cancellation request (CAST, IPRC//REJT) keeps the transfer and its reservation', async () => {
    const id = await instructed('OUTGOING', APPLE, '25', 'ALL-APPLE');
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '25', reserved: '25' });
    await cancelForwarded(id);

    s.drop(
      '01-cast-rejt.fin',
      statusAdvice({
        reference: 'CUSTCAST0001',
        related: cancRef(id),
        function: 'CAST',
        statuses: [{ status: 'IPRC//REJT', reason: 'NARR', narrative: 'INSTRUCTION ALREADY MATCHED' }],
      }),
    );
    expect(await s.taken('01-cast-rejt.fin')).toBe('processed');
    expect(transferOf(s.t.db, id)).toMatchObject({ status: 'PROCESSING', reserved_quantity: '25' });
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '25', reserved: '25' });
    expect(codes(id).at(-1)).toBe('CANCELLATION_DENIED');
    expect(eventTypesOf(s.t.db, id).at(-1)).toBe('SECURITIES_TRANSFER.DATA_CHANGED');
    // The pending cancellation has ended: the client may ask again.
    const row = sqliteOf(s.t.db)
      .$client.prepare(
        'SELECT cancellation_requested_at AS requested, custodian_status AS status FROM securities_transfers WHERE id = ?',
      )
      .get(id);
    expect(row).toEqual({ requested: null, status: 'IPRC//REJT' });

    // No double spend: the units are still reserved for the first transfer.
    const second = await s.client.securitiesTransfers.create(
      securities('OUTGOING', APPLE, '25', 'ALL-AGAIN'),
    );
    await waitFor(
      () => transferOf(s.t.db, second.id).status === 'CANCELLED',
      'the second transfer cancelled',
    );
    expect(transferOf(s.t.db, second.id)).toMatchObject({ cancel_reason_code: 'INSUFFICIENT_POSITION' });

    // The custodian delivers the units after all.
    s.drop(
      '02-delivered.fin',
      confirmation({
        type: '546',
        reference: 'CUSTDLV0001',
        related: ref(id),
        isin: APPLE,
        quantity: '25',
        date: '2026-03-04',
        account: safe(DEMO.account),
      }),
    );
    expect(await s.taken('02-delivered.fin')).toBe('processed');
    expect(transferOf(s.t.db, id)).toMatchObject({ status: 'SETTLED', quantity_settled: '25' });
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '0', reserved: '0' });
  });

  it('a confirmation of another type, ISIN or account is not booked and is an exception', async () => {
    const id = await instructed('INCOMING', NETFLIX, '10', 'IN-NETFLIX');
    const ours = safe(DEMO.account);
    const base = {
      type: '544' as const,
      related: ref(id),
      isin: NETFLIX,
      quantity: '10',
      date: '2026-03-04',
      account: ours,
    };
    const messages = {
      '01-wrong-type.fin': confirmation({ ...base, type: '546', reference: 'CUSTX01' }),
      '02-wrong-isin.fin': confirmation({ ...base, reference: 'CUSTX02', isin: SAP }),
      '03-wrong-account.fin': confirmation({
        ...base,
        reference: 'CUSTX03',
        account: safe(DEMO.secondAccount),
      }),
      // The case: an MT546 naming another ISIN and another client's account against our MT540.
      '04-all-wrong.fin': confirmation({
        ...base,
        type: '546',
        reference: 'CUSTX04',
        isin: APPLE,
        account: safe(DEMO.secondAccount),
      }),
      '05-too-much.fin': confirmation({ ...base, reference: 'CUSTX05', quantity: '11' }),
      '06-unsolicited.fin': confirmation({ ...base, reference: 'CUSTX06', related: 'NONREF' }),
      '07-unknown.fin': confirmation({ ...base, reference: 'CUSTX07', related: 'TFFFFFFFFFFFFFFF' }),
      // A rejection whose transaction details name another instrument is not ours to apply.
      '08-rejection-other-isin.fin': statusAdvice({
        reference: 'CUSTX08',
        related: ref(id),
        function: 'INST',
        statuses: [{ status: 'IPRC//REJT', reason: 'SAFE' }],
        transaction: { isin: SAP, quantity: '10', account: ours, deliver: false, date: '2026-03-04' },
      }),
    };
    for (const [name, text] of Object.entries(messages)) s.drop(name, text);
    for (const name of Object.keys(messages)) expect(await s.taken(name)).toBe('quarantine');

    expect(transferOf(s.t.db, id)).toMatchObject({ status: 'PROCESSING', quantity_settled: '0' });
    expect(positionOf(s.t.db, DEMO.account, NETFLIX)).toEqual({ quantity: '7.5', reserved: '0' });
    expect(positionOf(s.t.db, DEMO.account, SAP)).toEqual({ quantity: '12', reserved: '0' });
    expect(positionOf(s.t.db, DEMO.secondAccount, NETFLIX)).toEqual({ quantity: '0', reserved: '0' });
    expect(
      sqliteOf(s.t.db).$client.prepare('SELECT count(*) AS n FROM settlement_confirmations').get(),
    ).toEqual({
      n: 0,
    });
    const found = exceptions();
    expect(found.map((e) => [e.source, e.reason_code, e.transfer_id])).toEqual([
      ['01-wrong-type.fin', 'MESSAGE_TYPE_MISMATCH', id],
      ['02-wrong-isin.fin', 'ISIN_MISMATCH', id],
      ['03-wrong-account.fin', 'ACCOUNT_MISMATCH', id],
      ['04-all-wrong.fin', 'MESSAGE_TYPE_MISMATCH', id],
      ['05-too-much.fin', 'QUANTITY_EXCEEDS_OUTSTANDING', id],
      ['06-unsolicited.fin', 'UNSOLICITED', null],
      ['07-unknown.fin', 'UNKNOWN_REFERENCE', null],
      ['08-rejection-other-isin.fin', 'ISIN_MISMATCH', id],
    ]);
    // Each keeps the message as received, byte for byte.
    for (const e of found) expect(e.raw_message).toBe(messages[e.source as keyof typeof messages]);
    const detail = sqliteOf(s.t.db)
      .$client.prepare(`SELECT detail FROM custodian_exceptions WHERE source = '04-all-wrong.fin'`)
      .get() as { detail: string };
    expect(detail.detail).toContain('MT546 confirms a delivery');
    expect(detail.detail).toContain(`names ${APPLE}`);
    expect(detail.detail).toContain(`safekeeping account ${safe(DEMO.secondAccount)}`);
    expect(readFileSync(join(s.inbox, 'quarantine', '02-wrong-isin.fin.error.txt'), 'utf8')).toContain(
      'ISIN_MISMATCH',
    );
    // The worker's metrics count them by type, as exceptions; and our MT540 as sent.
    const exceptionsOf = (metrics: Map<string, Family>, type: string) =>
      sampleValue(metrics, 'tbo_custodian_messages_total', { direction: 'in', type, outcome: 'exception' });
    let metrics = await s.metrics();
    const started = Date.now();
    while (
      exceptionsOf(metrics, 'MT544') + exceptionsOf(metrics, 'MT546') + exceptionsOf(metrics, 'MT548') <
      8
    ) {
      if (Date.now() - started > 20_000) throw new Error('the exceptions were never counted');
      await new Promise((resolve) => setTimeout(resolve, 50));
      metrics = await s.metrics();
    }
    expect([
      exceptionsOf(metrics, 'MT544'),
      exceptionsOf(metrics, 'MT546'),
      exceptionsOf(metrics, 'MT548'),
    ]).toEqual([5, 2, 1]);
    expect(
      sampleValue(metrics, 'tbo_custodian_messages_total', {
        direction: 'out',
        type: 'MT540',
        outcome: 'sent',
      }),
    ).toBe(1);

    // The right message still settles it.
    s.drop('09-right.fin', confirmation({ ...base, reference: 'CUSTX09' }));
    expect(await s.taken('09-right.fin')).toBe('processed');
    expect(transferOf(s.t.db, id)).toMatchObject({ status: 'SETTLED', quantity_settled: '10' });
  });

  it('a denied cancellation (CPRC//DEND) and pending statuses are visible on the transfer', async () => {
    const id = await instructed('OUTGOING', SAP, '5', 'OUT-SAP');
    s.drop(
      '01-nmat.fin',
      statusAdvice({
        reference: 'CUSTST01',
        related: ref(id),
        function: 'INST',
        statuses: [
          { status: 'IPRC//PACK' },
          { status: 'MTCH//NMAT', reason: 'CMIS', narrative: 'NO COUNTERPARTY INSTRUCTION' },
        ],
      }),
    );
    expect(await s.taken('01-nmat.fin')).toBe('processed');
    const custodianStatus = () =>
      sqliteOf(s.t.db)
        .$client.prepare(
          `SELECT custodian_status AS status, custodian_reason_code AS code, custodian_reason_text AS text,
                  custodian_status_at IS NOT NULL AS dated FROM securities_transfers WHERE id = ?`,
        )
        .get(id);
    expect(custodianStatus()).toEqual({
      status: 'MTCH//NMAT',
      code: 'CMIS',
      text: 'NO COUNTERPARTY INSTRUCTION',
      dated: 1,
    });
    s.drop(
      '02-penf.fin',
      statusAdvice({
        reference: 'CUSTST02',
        related: ref(id),
        function: 'INST',
        statuses: [
          { status: 'MTCH//MACH' },
          { status: 'SETT//PENF', reason: 'LACK', narrative: 'LACK OF SECURITIES' },
        ],
      }),
    );
    expect(await s.taken('02-penf.fin')).toBe('processed');
    expect(custodianStatus()).toMatchObject({ status: 'SETT//PENF', code: 'LACK' });

    await cancelForwarded(id);
    s.drop(
      '03-dend.fin',
      statusAdvice({
        reference: 'CUSTST03',
        related: cancRef(id),
        function: 'CAST',
        statuses: [{ status: 'CPRC//DEND', reason: 'DPRG', narrative: 'SETTLEMENT IN PROGRESS' }],
      }),
    );
    expect(await s.taken('03-dend.fin')).toBe('processed');
    expect(transferOf(s.t.db, id)).toMatchObject({ status: 'PROCESSING', reserved_quantity: '5' });
    expect(custodianStatus()).toMatchObject({
      status: 'CPRC//DEND',
      code: 'DPRG',
      text: 'SETTLEMENT IN PROGRESS',
    });
    const trail = sqliteOf(s.t.db)
      .$client.prepare(
        `SELECT reason_code AS code, reason FROM transfer_history WHERE transfer_id = ? ORDER BY id`,
      )
      .all(id) as { code: string | null; reason: string }[];
    expect(trail.filter((h) => h.code === 'CUSTODIAN_STATUS').map((h) => h.reason)).toEqual([
      'instruction: MTCH//NMAT, reason CMIS: NO COUNTERPARTY INSTRUCTION',
      'instruction: SETT//PENF, reason LACK: LACK OF SECURITIES',
    ]);
    expect(trail.at(-1)).toEqual({
      code: 'CANCELLATION_DENIED',
      reason:
        'the custodian refused the cancellation (CPRC//DEND, reason DPRG: SETTLEMENT IN PROGRESS); the transfer stays PROCESSING',
    });
    expect(eventTypesOf(s.t.db, id).at(-1)).toBe('SECURITIES_TRANSFER.DATA_CHANGED');
    // A CAST advice naming the instruction instead of our cancellation request is not applied.
    s.drop(
      '04-cast-on-instruction.fin',
      statusAdvice({
        reference: 'CUSTST04',
        related: ref(id),
        function: 'CAST',
        statuses: [{ status: 'CPRC//CAND' }],
      }),
    );
    expect(await s.taken('04-cast-on-instruction.fin')).toBe('quarantine');
    expect(transferOf(s.t.db, id).status).toBe('PROCESSING');
    expect(exceptions().map((e) => e.reason_code)).toEqual(['FUNCTION_MISMATCH']);

    // The client may ask again; the new request goes under a reference of its own.
    await s.client.securitiesTransfers.cancel({ id });
    const second = cancellationReferenceFor(ref(id), 1);
    expect(second).toBe(`K${ref(id).slice(1)}`);
    await s.sent(`${second}.MT542.CANC.fin`);
    expect(readFileSync(join(s.outbox, `${second}.MT542.CANC.fin`), 'utf8')).toContain(
      `:20C::SEME//${second}`,
    );
    s.drop(
      '05-cand.fin',
      statusAdvice({
        reference: 'CUSTST05',
        related: second,
        function: 'CAST',
        statuses: [{ status: 'CPRC//CAND' }],
      }),
    );
    expect(await s.taken('05-cand.fin')).toBe('processed');
    expect(transferOf(s.t.db, id)).toMatchObject({
      status: 'CANCELLED',
      cancel_reason_code: 'CANCELLED_BY_REQUEST',
      reserved_quantity: '0',
    });
    expect(positionOf(s.t.db, DEMO.account, SAP)).toEqual({ quantity: '12', reserved: '0' });
  });

  it('an expired INCOMING transfer is withdrawn at the custodian and cancelled once it confirms', async () => {
    const id = await instructed('INCOMING', NETFLIX, '4', 'IN-EXPIRES');
    s.t.clock.advanceDays(30);
    await s.sent(`${cancRef(id)}.MT540.CANC.fin`);
    await waitFor(() => codes(id).includes('CANCELLATION_FORWARDED'), 'withdrawal forwarded');
    expect(codes(id)).toContain('EXPIRY_CANCELLATION_REQUESTED');
    expect(transferOf(s.t.db, id).status).toBe('PROCESSING');
    const cancellation = readFileSync(join(s.outbox, `${cancRef(id)}.MT540.CANC.fin`), 'utf8');
    expect(cancellation).toContain(':23G:CANC');
    expect(cancellation).toContain(`:20C::PREV//${ref(id)}`);

    s.drop(
      '01-cand.fin',
      statusAdvice({
        reference: 'CUSTEX01',
        related: cancRef(id),
        function: 'CAST',
        statuses: [{ status: 'CPRC//CAND', reason: 'CANI' }],
      }),
    );
    expect(await s.taken('01-cand.fin')).toBe('processed');
    expect(transferOf(s.t.db, id)).toMatchObject({ status: 'CANCELLED', cancel_reason_code: 'EXPIRED' });

    // Units that arrive after all are nobody's in our books: an exception, not a booking.
    s.drop(
      '02-late.fin',
      confirmation({
        type: '544',
        reference: 'CUSTEX02',
        related: ref(id),
        isin: NETFLIX,
        quantity: '4',
        date: '2026-04-02',
        account: safe(DEMO.account),
      }),
    );
    expect(await s.taken('02-late.fin')).toBe('quarantine');
    expect(positionOf(s.t.db, DEMO.account, NETFLIX)).toEqual({ quantity: '7.5', reserved: '0' });
    expect(exceptions().map((e) => [e.reason_code, e.transfer_id])).toEqual([['TRANSFER_NOT_OPEN', id]]);
  });

  it('a child partially settled and then cancelled leaves its account transfer PARTIALLY_SETTLED', async () => {
    const parent = await s.client.accountTransfers.create(
      account('OUTGOING', [{ id: APPLE, quantity: '10' }], 'ACC-PART'),
    );
    const childId = parent.instruments[0]?.transfer_id as string;
    await s.sent(`${ref(childId)}.MT542.fin`);
    await waitFor(() => transferOf(s.t.db, childId).status === 'PROCESSING', 'child PROCESSING');
    s.drop(
      '01-part.fin',
      confirmation({
        type: '546',
        reference: 'CUSTPT01',
        related: ref(childId),
        isin: APPLE,
        quantity: '3',
        date: '2026-03-04',
        account: safe(DEMO.account),
        partial: true,
      }),
    );
    expect(await s.taken('01-part.fin')).toBe('processed');
    await s.client.accountTransfers.cancel({ id: parent.id });
    await s.sent(`${cancRef(childId)}.MT542.CANC.fin`);
    await waitFor(() => codes(childId).includes('CANCELLATION_FORWARDED'), 'cancellation forwarded');
    s.drop(
      '02-cand.fin',
      statusAdvice({
        reference: 'CUSTPT02',
        related: cancRef(childId),
        function: 'CAST',
        statuses: [{ status: 'CPRC//CAND' }],
      }),
    );
    expect(await s.taken('02-cand.fin')).toBe('processed');
    expect(transferOf(s.t.db, childId)).toMatchObject({
      status: 'CANCELLED',
      quantity_settled: '3',
      reserved_quantity: '0',
    });
    const got = await s.client.accountTransfers.get({ id: parent.id });
    expect(got.status).toBe('PARTIALLY_SETTLED');
    expect(got.instruments[0]).toMatchObject({ status: 'CANCELLED', quantity_settled: '3' });
    expect(eventTypesOf(s.t.db, parent.id).at(-1)).toBe('ACCOUNT_TRANSFER.PARTIALLY_SETTLED');
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '22', reserved: '0' });
  });
});
