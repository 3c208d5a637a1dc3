import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST } from '../harness.js';
import { DEMO, demoToken, type HttpApp, sendSigned, startHttpApp } from '../http-harness.js';

describe('hole: UUIDs were compared case-sensitively', () => {
  let app: HttpApp;
  let token: string;
  beforeAll(async () => {
    app = await startHttpApp();
    token = await demoToken(app);
  });
  afterAll(() => app.close());

  const get = (path: string) => sendSigned(app, { method: 'GET', path, token });

  it('takes upper-case ids in bodies, paths and filters, and answers them in lower case', async () => {
    const upperKey = randomUUID().toUpperCase();
    const body = JSON.stringify({
      ...SEED_SECURITIES_REQUEST,
      user_id: DEMO.user.toUpperCase(),
      account_id: DEMO.account.toUpperCase(),
    });
    const created = await sendSigned(app, {
      method: 'POST',
      path: '/securities_transfers',
      body,
      token,
      idempotencyKey: upperKey,
    });
    expect(created.status).toBe(200);
    const transfer = created.json as { id: string; user_id: string; account_id: string };
    expect(transfer).toMatchObject({ user_id: DEMO.user, account_id: DEMO.account });

    // The same key in lower case is the same key: a replay, not a second transfer.
    const replay = await sendSigned(app, {
      method: 'POST',
      path: '/securities_transfers',
      body,
      token,
      idempotencyKey: upperKey.toLowerCase(),
    });
    expect((replay.json as { id: string }).id).toBe(transfer.id);

    const byPath = await get(`/securities_transfers/${transfer.id.toUpperCase()}`);
    expect(byPath.status).toBe(200);
    expect((byPath.json as { id: string }).id).toBe(transfer.id);

    const filtered = await get(
      `/securities_transfers?direction=INCOMING&account_id=${DEMO.account.toUpperCase()}&user_id=${DEMO.user.toUpperCase()}`,
    );
    expect(filtered.status).toBe(200);
    expect((filtered.json as { data: { id: string }[] }).data.map((t) => t.id)).toContain(transfer.id);
  });

  it('finds a webhook by its id in upper case', async () => {
    const created = await sendSigned(app, {
      method: 'POST',
      path: '/webhooks',
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks' }),
      token,
      idempotencyKey: randomUUID(),
    });
    expect(created.status).toBe(201);
    const { id } = created.json as { id: string };
    const found = await get(`/webhooks/${id.toUpperCase()}`);
    expect(found.status).toBe(200);
    expect((found.json as { id: string }).id).toBe(id);
  });
});

describe('hole: UUIDs pasted into the console in upper case found nothing', () => {
  it('finds a transfer by its id and filters by user and account in upper case', async () => {
    const t = await createTestDb();
    try {
      const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
      const console = callerFor(t, {
        actor: { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'viewer' },
      });
      const detail = await console.admin.transfers.securities({ id: created.id.toUpperCase() });
      expect(JSON.stringify(detail)).toContain(created.id);
      const page = await console.admin.transfers.list({
        user_id: DEMO.user.toUpperCase(),
        account_id: DEMO.account.toUpperCase(),
      });
      expect(JSON.stringify(page)).toContain(created.id);
    } finally {
      await t.close();
    }
  });
});
