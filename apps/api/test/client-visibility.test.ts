import { randomUUID } from 'node:crypto';
import { SecuritiesTransferSchema } from '@tbo/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { callerFor, SEED_ACCOUNT_REQUEST, SEED_SECURITIES_REQUEST } from './harness.js';
import { DEMO, type HttpApp, type RawResponse, sendSigned, startHttpApp } from './http-harness.js';
import { quietDispatcher, type Receiver, startReceiver, waitFor } from './webhooks-support.js';

const APPLE = 'US0378331005';
const NETFLIX = 'US64110L1061';
const service = { kind: 'service', name: 'reconciler' } as const;

type Transfer = {
  id: string;
  status: string;
  status_reason?: { code: string; text: string; custodian_code?: string };
  deadline?: { kind: string; date: string; state: string };
  cancellation?: { requested_at: string; requested_by: string; state: string; reason?: string };
};

// The api on real HTTP with an injected clock: requests are signed and tokens
// issued at the clock's time, so days can pass between two calls.
describe('what the client can see: status reason, deadline, cancellation', () => {
  let app: HttpApp;
  let clock: ManualClock;
  let receiver: Receiver;
  let token: string;

  beforeEach(async () => {
    clock = new ManualClock(new Date('2026-03-02T09:00:00.000Z'));
    app = await startHttpApp({}, { clock });
    receiver = await startReceiver();
    await callerFor(app.t, { clock }).webhooks.create({ url: receiver.url });
    token = await issueToken();
  });
  afterEach(async () => {
    await receiver.close();
    await app.close();
  });

  /** Days pass: a token lives an hour, so the client gets a new one. */
  async function advanceDays(days: number): Promise<void> {
    clock.advanceDays(days);
    token = await issueToken();
  }

  const created = () => ({ created: Math.floor(clock.now().getTime() / 1000) });

  async function issueToken(): Promise<string> {
    const form = new URLSearchParams({
      client_id: DEMO.tenant.clientId,
      client_secret: DEMO.tenant.clientSecret,
      grant_type: 'client_credentials',
      scope: 'transfers:read transfers:admin',
    }).toString();
    const answer = await sendSigned(app, {
      method: 'POST',
      path: '/auth/token',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      sign: created(),
    });
    expect(answer.status).toBe(200);
    return (answer.json as { access_token: string }).access_token;
  }

  function call(method: 'GET' | 'POST', path: string, body?: unknown, key = true): Promise<RawResponse> {
    return sendSigned(app, {
      method,
      path,
      token,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      idempotencyKey: method === 'POST' && key ? randomUUID() : false,
      sign: created(),
    });
  }

  async function get(id: string): Promise<Transfer> {
    const answer = await call('GET', `/securities_transfers/${id}`);
    expect(answer.status).toBe(200);
    // What GET answers is what the published contract describes.
    SecuritiesTransferSchema.parse(answer.json);
    return answer.json as Transfer;
  }

  async function createOutgoing(quantity: string, reference = 'MANUAL-OUT'): Promise<Transfer> {
    const answer = await call('POST', '/securities_transfers', {
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity,
      settlement_reference: reference,
    });
    expect(answer.status).toBe(200);
    return answer.json as Transfer;
  }

  const internal = () => callerFor(app.t, { actor: service, clock }).internal;

  /** As the worker does it: validated, instructed at the custodian under `reference`. */
  async function instruct(id: string, reference: string): Promise<void> {
    expect((await internal().validate({ id })).outcome).toBe('VALIDATED');
    await internal().recordInstruction({ id, custodianReference: reference });
  }

  /** Delivers the outbox to the receiver and answers the DATA_CHANGED events about `id`, in order. */
  async function dataChangedOf(id: string, atLeast: number) {
    const dispatcher = quietDispatcher(app.t);
    dispatcher.start();
    const mine = () =>
      receiver.accepted().filter((e) => e.object.id === id && e.type === 'SECURITIES_TRANSFER.DATA_CHANGED');
    try {
      await waitFor(() => mine().length >= atLeast, 10_000, `${atLeast} DATA_CHANGED of ${id}`);
    } finally {
      await dispatcher.stop();
    }
    return mine().map((e) => e.object as unknown as Transfer);
  }

  it('an OUTGOING above the position is CANCELLED with INSUFFICIENT_POSITION', async () => {
    const transfer = await createOutgoing('26');
    expect(transfer.status_reason).toBeUndefined();
    expect(transfer.deadline).toEqual({ kind: 'TRANSFER_LIMIT', date: '2026-03-23', state: 'ON_TRACK' });
    expect((await internal().validate({ id: transfer.id })).outcome).toBe('CANCELLED');
    const got = await get(transfer.id);
    expect(got).toMatchObject({
      status: 'CANCELLED',
      status_reason: { code: 'INSUFFICIENT_POSITION', text: '26 requested, 25 available' },
    });
    expect(got.deadline).toBeUndefined();
    expect(got.cancellation).toBeUndefined();
  });

  it('a client cancel while PROCESSING shows REQUESTED, then DONE once the custodian confirms', async () => {
    const transfer = await createOutgoing('5');
    await instruct(transfer.id, 'T000000000000001');
    const cancel = await call('POST', `/securities_transfers/${transfer.id}/cancel`);
    expect(cancel.status).toBe(200);
    const requested = { requested_at: clock.now().toISOString(), requested_by: 'CLIENT' };
    expect(cancel.json).toMatchObject({
      status: 'PROCESSING',
      cancellation: { ...requested, state: 'REQUESTED' },
    });
    expect(await get(transfer.id)).toEqual(cancel.json);

    await advanceDays(1);
    await internal().markCancellationForwarded({
      id: transfer.id,
      cancellationReference: 'C000000000000001',
    });
    await internal().confirmCancellation({
      custodianReference: 'T000000000000001',
      messageReference: 'CAND1',
    });
    const done = await get(transfer.id);
    expect(done).toMatchObject({
      status: 'CANCELLED',
      status_reason: { code: 'CLIENT_CANCELLED' },
      cancellation: { ...requested, state: 'DONE' },
    });
    // The request itself was announced as well.
    const [announced] = await dataChangedOf(transfer.id, 1);
    expect(announced?.cancellation?.state).toBe('REQUESTED');
  });

  it('a denied cancellation shows DENIED, delivered as DATA_CHANGED to the receiver', async () => {
    const transfer = await createOutgoing('5');
    await instruct(transfer.id, 'T000000000000002');
    expect((await call('POST', `/securities_transfers/${transfer.id}/cancel`)).status).toBe(200);
    await internal().markCancellationForwarded({
      id: transfer.id,
      cancellationReference: 'C000000000000002',
    });
    await advanceDays(1);
    await internal().denyCancellation({
      custodianReference: 'T000000000000002',
      messageReference: 'DEND1',
      status: 'CPRC//DEND',
      reasonCode: 'DPRG',
      narrative: 'SETTLEMENT IN PROGRESS',
    });
    const denied = await get(transfer.id);
    expect(denied).toMatchObject({
      status: 'PROCESSING',
      cancellation: { requested_by: 'CLIENT', state: 'DENIED', reason: 'DPRG: SETTLEMENT IN PROGRESS' },
    });
    expect(denied.status_reason).toBeUndefined();
    const events = await dataChangedOf(transfer.id, 2);
    expect(events.map((e) => e.cancellation?.state)).toEqual(['REQUESTED', 'DENIED']);
    expect(events.at(-1)).toEqual(denied);
  });

  it('a pending custodian status is a status_reason while PROCESSING, announced once', async () => {
    const transfer = await createOutgoing('5');
    await instruct(transfer.id, 'T000000000000003');
    const advice = {
      custodianReference: 'T000000000000003',
      function: 'INST' as const,
      isin: APPLE,
    };
    await internal().recordCustodianStatus({ ...advice, messageReference: 'ST1', status: 'IPRC//PACK' });
    expect((await get(transfer.id)).status_reason).toBeUndefined();
    await internal().recordCustodianStatus({
      ...advice,
      messageReference: 'ST2',
      status: 'SETT//PENF',
      reasonCode: 'LACK',
      narrative: 'LACK OF SECURITIES',
    });
    expect((await get(transfer.id)).status_reason).toEqual({
      code: 'CUSTODIAN_PENDING',
      text: 'LACK OF SECURITIES',
      custodian_code: 'LACK',
    });
    await internal().recordCustodianStatus({ ...advice, messageReference: 'ST3', status: 'MTCH//MACH' });
    expect((await get(transfer.id)).status_reason).toBeUndefined();
    const events = await dataChangedOf(transfer.id, 2);
    expect(events.map((e) => e.status_reason?.custodian_code ?? null)).toEqual(['LACK', null]);
  });

  it('an OUTGOING turns AT_RISK, then OVERDUE as days pass, each with its event', async () => {
    const transfer = await createOutgoing('5');
    await instruct(transfer.id, 'T000000000000004');
    const pass = () => internal().announceDeadlines({ limit: 100 });
    expect((await pass()).changed).toEqual([]);
    await advanceDays(15);
    expect((await pass()).changed).toEqual([]);
    await advanceDays(1);
    expect((await pass()).changed).toEqual([{ id: transfer.id, state: 'AT_RISK' }]);
    expect((await pass()).changed).toEqual([]);
    expect((await get(transfer.id)).deadline).toEqual({
      kind: 'TRANSFER_LIMIT',
      date: '2026-03-23',
      state: 'AT_RISK',
    });
    const atRisk = await call('GET', '/securities_transfers?direction=OUTGOING&deadline_state=AT_RISK');
    expect((atRisk.json as { data: { id: string }[] }).data.map((t) => t.id)).toEqual([transfer.id]);

    await advanceDays(6);
    expect((await pass()).changed).toEqual([{ id: transfer.id, state: 'OVERDUE' }]);
    expect((await get(transfer.id)).deadline?.state).toBe('OVERDUE');
    const events = await dataChangedOf(transfer.id, 2);
    expect(events.map((e) => e.deadline?.state)).toEqual(['AT_RISK', 'OVERDUE']);
    const overdue = await call('GET', '/securities_transfers?direction=OUTGOING&deadline_state=OVERDUE');
    expect((overdue.json as { meta: { total_count: number } }).meta.total_count).toBe(1);
    const onTrack = await call('GET', '/securities_transfers?direction=OUTGOING&deadline_state=ON_TRACK');
    expect((onTrack.json as { meta: { total_count: number } }).meta.total_count).toBe(0);
  });

  it('lists by status_reason code', async () => {
    const refused = await createOutgoing('26');
    await internal().validate({ id: refused.id });
    const other = await createOutgoing('1');
    expect((await call('POST', `/securities_transfers/${other.id}/cancel`)).status).toBe(200);
    const list = async (code: string) => {
      const answer = await call('GET', `/securities_transfers?direction=OUTGOING&status_reason=${code}`);
      expect(answer.status).toBe(200);
      const page = answer.json as { meta: { total_count: number }; data: { id: string }[] };
      return [page.meta.total_count, page.data.map((t) => t.id)];
    };
    expect(await list('INSUFFICIENT_POSITION')).toEqual([1, [refused.id]]);
    expect(await list('CLIENT_CANCELLED')).toEqual([1, [other.id]]);
    expect(await list('EXPIRED')).toEqual([0, []]);
    const bad = await call('GET', '/securities_transfers?direction=OUTGOING&status_reason=NOPE');
    expect(bad.status).toBe(400);
  });

  it('filters account transfers by their own reason and deadline state', async () => {
    const request = (direction: string, instruments: { id: string; quantity: string }[]) => ({
      ...SEED_ACCOUNT_REQUEST,
      direction,
      instruments: instruments.map((i) => ({ ...i, id_type: 'ISIN' })),
    });
    const refused = await call(
      'POST',
      '/account_transfers',
      request('OUTGOING', [
        { id: APPLE, quantity: '30' },
        { id: NETFLIX, quantity: '2' },
      ]),
    );
    const parent = refused.json as { id: string; instruments: { transfer_id: string }[] };
    const [first, second] = parent.instruments;
    await internal().validate({ id: first?.transfer_id ?? '' });
    expect((await call('POST', `/account_transfers/${parent.id}/cancel`)).status).toBe(200);
    const open = await call(
      'POST',
      '/account_transfers',
      request('INCOMING', [{ id: APPLE, quantity: '1' }]),
    );
    const openId = (open.json as { id: string }).id;

    const ids = async (query: string) => {
      const answer = await call('GET', `/account_transfers?${query}`);
      expect(answer.status).toBe(200);
      return (answer.json as { data: { id: string }[] }).data.map((t) => t.id);
    };
    const got = (await call('GET', `/account_transfers/${parent.id}`)).json;
    expect(got).toMatchObject({
      status: 'CANCELLED',
      status_reason: { code: 'INSUFFICIENT_POSITION' },
      cancellation: { requested_by: 'CLIENT', state: 'DONE' },
      instruments: [
        { status_reason: { code: 'INSUFFICIENT_POSITION' } },
        { status_reason: { code: 'CLIENT_CANCELLED' } },
      ],
    });
    expect(second?.transfer_id).toBeDefined();
    expect(await ids('direction=OUTGOING&status_reason=INSUFFICIENT_POSITION')).toEqual([parent.id]);
    expect(await ids('direction=OUTGOING&status_reason=CLIENT_CANCELLED')).toEqual([]);
    expect(await ids('direction=INCOMING&deadline_state=ON_TRACK')).toEqual([openId]);
    await advanceDays(26);
    await internal().announceDeadlines({ limit: 100 });
    expect(await ids('direction=INCOMING&deadline_state=ON_TRACK')).toEqual([]);
    expect(await ids('direction=INCOMING&deadline_state=AT_RISK')).toEqual([openId]);
  });
});
