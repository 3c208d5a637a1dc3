import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HttpApp, startHttpApp } from '../../api/test/http-harness.js';
import { createApiClient } from '../src/api-client.js';
import { createSimulatedCustodian } from '../src/custodian/simulated.js';
import { Worker } from '../src/worker.js';
import { APPLE, account, NETFLIX, securities } from './requests.js';
import { drain } from './system.js';

const TOKEN = 'test-reconciler-token-0123456789';

// The sandbox as a client meets it: signed REST calls to the api on 127.0.0.1,
// the real worker with the simulated custodian answering AUTO… references.
describe('what a sandbox client sees of the custodian’s answer', () => {
  let app: HttpApp;
  let worker: Worker;
  beforeEach(async () => {
    app = await startHttpApp({}, { auth: { serviceCredentials: [{ service: 'reconciler', token: TOKEN }] } });
    worker = new Worker({
      api: createApiClient({ url: app.baseUrl, token: TOKEN }),
      adapter: createSimulatedCustodian({ settleAfterMs: 0 }),
      batchSize: 50,
      pollIntervalMs: 10,
      housekeepingIntervalMs: 0,
      log: () => {},
    });
  });
  afterEach(async () => {
    await worker.stop();
    await app.close();
  });

  it('an AUTO-REJECT transfer answers status_reason CUSTODIAN_REJECTED with the custodian’s code', async () => {
    const api = app.client();
    const created = await api.request('POST', '/securities_transfers', {
      body: securities('INCOMING', APPLE, '5', 'AUTO-REJECT-1'),
    });
    expect(created.status).toBe(200);
    const { id } = created.body as { id: string };
    await drain(worker);
    const got = await api.request('GET', `/securities_transfers/${id}`);
    expect(got.body).toMatchObject({
      status: 'CANCELLED',
      status_reason: {
        code: 'CUSTODIAN_REJECTED',
        custodian_code: 'SAFE',
        text: 'simulated rejection (AUTO-REJECT): safekeeping account unknown at the counterparty',
      },
    });
    expect(got.body).not.toHaveProperty('deadline');
    expect(got.body).not.toHaveProperty('cancellation');
  });

  it('an account transfer carries its instruments’ reasons and its own', async () => {
    const api = app.client();
    const created = await api.request('POST', '/account_transfers', {
      body: account(
        'OUTGOING',
        [
          { id: APPLE, quantity: '30' },
          { id: NETFLIX, quantity: '2' },
        ],
        'AUTO-REJECT-2',
      ),
    });
    expect(created.body).toMatchObject({
      deadline: { kind: 'TRANSFER_LIMIT', state: 'ON_TRACK' },
      instruments: [{ deadline: { kind: 'TRANSFER_LIMIT' } }, { deadline: { kind: 'TRANSFER_LIMIT' } }],
    });
    const { id } = created.body as { id: string };
    await drain(worker);
    const got = await api.request('GET', `/account_transfers/${id}`);
    expect(got.body).toMatchObject({
      status: 'CANCELLED',
      status_reason: { code: 'INSUFFICIENT_POSITION', text: '30 requested, 25 available' },
      instruments: [
        { status: 'CANCELLED', status_reason: { code: 'INSUFFICIENT_POSITION' } },
        { status: 'CANCELLED', status_reason: { code: 'CUSTODIAN_REJECTED', custodian_code: 'SAFE' } },
      ],
    });
    expect(got.body).not.toHaveProperty('deadline');
  });
});
