import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asAppError } from '../../src/domain/problem.js';
import {
  callerFor,
  clientActor,
  createTestDb,
  DEMO,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../harness.js';
import { type HttpApp, sendSigned, startHttpApp } from '../http-harness.js';
import { sqlRows } from '../inspect.js';

const OTHER_TENANT_REQUEST = {
  ...SEED_SECURITIES_REQUEST,
  user_id: DEMO.otherTenantUser,
  account_id: DEMO.otherTenantAccount,
};

describe('holes: what a tenant or a stranger could learn', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it("event-log cursors do not move with other tenants' activity, and are the tenant's own", async () => {
    const demo = callerFor(t);
    const other = callerFor(t, { actor: clientActor(DEMO.otherTenant) });
    await demo.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const first = (await demo.webhooks.events({})).next_cursor;
    for (let i = 0; i < 5; i++) await other.securitiesTransfers.create({ ...OTHER_TENANT_REQUEST });
    await demo.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const page = await demo.webhooks.events({ since: first });
    expect(page.data).toHaveLength(1);
    // Nothing in the tenant's cursors counts the outbox: no position of any event appears in them.
    const positions = (await sqlRows(t.db, 'SELECT seq FROM outbox_events')) as { seq: number }[];
    for (const cursor of [first, page.next_cursor]) {
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      for (const { seq } of positions) expect(text).not.toMatch(new RegExp(`\\.${seq}$`));
    }
    // Another tenant's cursor is not a position in this tenant's log.
    const foreign = (await other.webhooks.events({})).next_cursor;
    const refused = asAppError(await demo.webhooks.events({ since: foreign }).catch((e: unknown) => e));
    expect(refused.code).toBe('VALIDATION_FAILED');
  });

  it('webhook URL refusals say "not allowed" without what the name resolves to', async () => {
    const live = callerFor(t, { config: { live: true } });
    const reasons: string[] = [];
    for (const url of ['http://localhost:3000/x', 'https://no-such-host.invalid/x']) {
      const problem = asAppError(await live.webhooks.create({ url }).catch((e: unknown) => e));
      reasons.push(problem.invalidParams?.[0]?.reason ?? '');
    }
    expect(reasons).toEqual([
      'host localhost is not allowed: live mode delivers to public addresses only',
      'host no-such-host.invalid is not allowed: live mode delivers to public addresses only',
    ]);
  });
});

describe('hole: the token endpoint told known client ids from unknown ones', () => {
  let app: HttpApp;
  beforeEach(async () => {
    app = await startHttpApp();
  });
  afterEach(() => app.close());

  it('refuses an unknown client and a known client with a wrong signature alike', async () => {
    const tokenRequest = (clientId: string, key = app.keys.other) =>
      sendSigned(app, {
        method: 'POST',
        path: '/auth/token',
        clientId,
        key,
        body: new URLSearchParams({
          client_id: clientId,
          client_secret: 'guess',
          grant_type: 'client_credentials',
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    // The other tenant's key is not registered for the demo client: the signature fails.
    const known = await tokenRequest(DEMO.tenant.clientId);
    const unknown = await tokenRequest(randomUUID());
    const wrongSecret = await tokenRequest(DEMO.tenant.clientId, app.keys.ed25519);
    const strip = (json: unknown) => {
      const { instance: _i, request_id: _r, ...rest } = json as Record<string, unknown>;
      return rest;
    };
    expect(known.status).toBe(401);
    expect(strip(known.json)).toEqual(strip(unknown.json));
    expect(strip(wrongSecret.json)).toEqual(strip(unknown.json));
  });
});
