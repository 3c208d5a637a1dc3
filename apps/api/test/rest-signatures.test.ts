import { randomBytes, randomUUID } from 'node:crypto';
import { contentDigest } from '@tbo/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSigningPolicy } from '../src/services/auth/client-directory.js';
import { DEMO, SEED_SECURITIES_REQUEST } from './harness.js';
import { type HttpApp, type RawResponse, sendSigned, startHttpApp } from './http-harness.js';
import { sqlRow } from './inspect.js';

const BODY = JSON.stringify(SEED_SECURITIES_REQUEST);
const now = () => Math.floor(Date.now() / 1000);

function expectRefused(res: RawResponse, code: string): void {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const problem = res.json as { detail: string; type: string; request_id: string };
  expect(problem.type).toBe('/problems/unauthenticated');
  expect(problem.detail).toContain(`(${code})`);
  expect(problem.request_id).toBe(res.headers['x-request-id']);
}

describe('REST edge: HTTP message signatures', () => {
  let app: HttpApp;
  let token: string;
  const create = (
    extra: Partial<Parameters<typeof sendSigned>[1]> = {},
    tamper?: Parameters<typeof sendSigned>[2],
  ) =>
    sendSigned(
      app,
      {
        method: 'POST',
        path: '/securities_transfers',
        body: BODY,
        token,
        idempotencyKey: randomUUID(),
        ...extra,
      },
      tamper,
    );
  const list = (
    extra: Partial<Parameters<typeof sendSigned>[1]> = {},
    tamper?: Parameters<typeof sendSigned>[2],
  ) =>
    sendSigned(
      app,
      { method: 'GET', path: '/securities_transfers?direction=INCOMING', token, ...extra },
      tamper,
    );

  beforeAll(async () => {
    app = await startHttpApp({ rateLimiting: false });
    token = await app.client().token();
  });
  afterAll(() => app.close());

  it('accepts ECDSA P-256, P-384, P-521 (SHA-512) and Ed25519 signatures', async () => {
    for (const algorithm of [
      'ed25519',
      'ecdsa-p256-sha512',
      'ecdsa-p384-sha512',
      'ecdsa-p521-sha512',
    ] as const) {
      const res = await create({ key: app.keys[algorithm] });
      expect(res.status, algorithm).toBe(200);
    }
  });

  it('refuses a request without signature headers or with another signature version', async () => {
    expectRefused(
      await list({}, (r) => {
        delete r.headers.signature;
      }),
      'SIGNATURE_MISSING',
    );
    expectRefused(
      await list({}, (r) => (r.headers['upvest-signature-version'] = '14')),
      'SIGNATURE_VERSION_UNSUPPORTED',
    );
    expectRefused(await list({}, (r) => (r.headers.signature = 'sig1=:bm9wZQ==:,')), 'SIGNATURE_MALFORMED');
  });

  it('refuses a bad content-digest (the digest signed is not that of the body)', async () => {
    const res = await create({}, (r) => {
      r.headers['content-digest'] = contentDigest('{"other":"body"}');
    });
    // The header was changed after signing: the digest check comes first.
    expectRefused(res, 'DIGEST_MISMATCH');
    // The client digested (and signed) other bytes than it sends.
    const wrongDigest = await create({ body: '{}' }, (r) => {
      r.body = BODY;
      r.headers['content-length'] = String(Buffer.byteLength(BODY));
    });
    expectRefused(wrongDigest, 'DIGEST_MISMATCH');
  });

  it('refuses a tampered body, path, query or header', async () => {
    const tamperedBody = BODY.replace('"10"', '"99"');
    expectRefused(await create({}, (r) => (r.body = tamperedBody)), 'DIGEST_MISMATCH');
    expectRefused(
      await sendSigned(app, { method: 'GET', path: '/account_transfers?direction=INCOMING', token }, (r) => {
        r.path = '/securities_transfers?direction=INCOMING';
      }),
      'SIGNATURE_MISMATCH',
    );
    expectRefused(
      await list({}, (r) => (r.path = '/securities_transfers?direction=OUTGOING')),
      'SIGNATURE_MISMATCH',
    );
    expectRefused(
      await create({}, (r) => (r.headers['idempotency-key'] = randomUUID())),
      'SIGNATURE_MISMATCH',
    );
    const longer = await create({}, (r) => {
      r.body = `${BODY} `;
      r.headers['content-length'] = String(Buffer.byteLength(BODY) + 1);
    });
    expectRefused(longer, 'DIGEST_MISMATCH');
  });

  it('refuses an expired signature and one created in the future', async () => {
    expectRefused(await list({ sign: { created: now() - 120, expires: now() - 60 } }), 'SIGNATURE_EXPIRED');
    expectRefused(await list({ sign: { created: now() - 3600, expires: false } }), 'SIGNATURE_EXPIRED');
    expectRefused(await list({ sign: { created: now() + 600 } }), 'SIGNATURE_NOT_YET_VALID');
  });

  it('refuses a replayed request and a reused nonce', async () => {
    const nonce = randomBytes(16).toString('base64url');
    const first = await list({ sign: { nonce } });
    expect(first.status).toBe(200);
    expectRefused(await list({ sign: { nonce } }), 'NONCE_REPLAYED');
    // The exact same bytes again (a captured request replayed).
    const key = randomUUID();
    const captured: { headers?: Record<string, string> } = {};
    const original = await create({ idempotencyKey: key }, (r) => {
      captured.headers = { ...r.headers };
    });
    expect(original.status).toBe(200);
    const replay = await create({ idempotencyKey: key }, (r) => {
      r.headers = captured.headers ?? {};
    });
    expectRefused(replay, 'NONCE_REPLAYED');
    expectRefused(await list({ sign: { nonce: false } }), 'NONCE_MISSING');
  });

  it('lets only one of two concurrent requests with the same nonce through', async () => {
    const nonce = randomBytes(16).toString('base64url');
    // Both are verified in the same turn and their nonces recorded in one transaction.
    const answers = await Promise.all([list({ sign: { nonce } }), list({ sign: { nonce } })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    const refused = answers.find((a) => a.status === 401);
    if (refused) expectRefused(refused, 'NONCE_REPLAYED');
  });

  it('records a signed write’s nonce with the write: of two concurrent creates with one nonce, one is stored', async () => {
    const nonce = randomBytes(16).toString('base64url');
    const reference = `NONCE${randomBytes(4).toString('hex')}`;
    const body = JSON.stringify({ ...SEED_SECURITIES_REQUEST, settlement_reference: reference });
    const answers = await Promise.all([create({ body, sign: { nonce } }), create({ body, sign: { nonce } })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    const refused = answers.find((a) => a.status === 401);
    if (refused) expectRefused(refused, 'NONCE_REPLAYED');
    const stored = await sqlRow(
      app.t.db,
      'SELECT count(*) AS n FROM securities_transfers WHERE settlement_reference = ?',
      reference,
    );
    expect(stored).toEqual({ n: 1 });
    const used = await sqlRow(app.t.db, 'SELECT count(*) AS n FROM signature_nonces WHERE nonce = ?', nonce);
    expect(used).toEqual({ n: 1 });
  });

  it('uses up the nonce of a signed write that was refused, before or inside the write', async () => {
    // Refused before the write: the body breaks the schema (400).
    const invalid = randomBytes(16).toString('base64url');
    const badBody = JSON.stringify({ ...SEED_SECURITIES_REQUEST, quantity: 'ten' });
    expect((await create({ body: badBody, sign: { nonce: invalid } })).status).toBe(400);
    expectRefused(await create({ sign: { nonce: invalid } }), 'NONCE_REPLAYED');
    // Refused inside the write: the transfer to cancel does not exist (404).
    const missing = randomBytes(16).toString('base64url');
    const cancel = (nonce: string) =>
      sendSigned(app, {
        method: 'POST',
        path: `/securities_transfers/${randomUUID()}/cancel`,
        token,
        idempotencyKey: randomUUID(),
        sign: { nonce },
      });
    expect((await cancel(missing)).status).toBe(404);
    expectRefused(await cancel(missing), 'NONCE_REPLAYED');
    // Refused after the signature check: a token without the write scope (403).
    const readOnly = await app.client({ scope: 'transfers:read' }).token();
    const scoped = randomBytes(16).toString('base64url');
    expect((await create({ token: readOnly, sign: { nonce: scoped } })).status).toBe(403);
    expectRefused(await create({ sign: { nonce: scoped } }), 'NONCE_REPLAYED');
  });

  it('refuses an unknown key and another client’s key', async () => {
    expectRefused(await list({ key: { ...app.keys.ed25519, keyId: 'no-such-key' } }), 'UNKNOWN_KEY');
    expectRefused(await list({ key: app.keys.other }), 'UNKNOWN_KEY');
  });

  it('refuses a signature that does not cover a required component', async () => {
    const withoutAuthorization = ['@method', '@path', '@query', 'upvest-client-id'];
    const res = await list({ sign: { components: withoutAuthorization } });
    expectRefused(res, 'COMPONENT_MISSING');
    expect((res.json as { detail: string }).detail).toContain('authorization');
    const withoutQuery = await list({
      sign: { components: ['@method', '@path', 'authorization', 'upvest-client-id'] },
    });
    expectRefused(withoutQuery, 'COMPONENT_MISSING');
  });

  it('refuses an uncovered idempotency-key for a tenant with the strict setting', async () => {
    await setStrictIdempotencyKey(true);
    try {
      await expectUncoveredKeyRefused();
    } finally {
      await setStrictIdempotencyKey(false);
    }
  });

  async function setStrictIdempotencyKey(strict: boolean) {
    expect(
      await setSigningPolicy(app.t.db, DEMO.tenant.clientId, { requireSignedIdempotencyKey: strict }),
    ).toBe(true);
  }

  async function expectUncoveredKeyRefused() {
    const withoutKey = await create({
      sign: {
        components: [
          '@method',
          '@path',
          'authorization',
          'upvest-client-id',
          'content-length',
          'content-digest',
        ],
      },
    });
    expectRefused(withoutKey, 'COMPONENT_MISSING');
    expect((withoutKey.json as { detail: string }).detail).toContain('idempotency-key');
  }

  it('refuses a signature made with a different key than the keyid names', async () => {
    const res = await list({ key: { ...app.keys['ecdsa-p256-sha512'], keyId: app.keys.ed25519.keyId } });
    expect(res.status).toBe(401);
    const mismatch = await list({ key: { ...app.keys.ed25519, privateKey: app.keys.other.privateKey } });
    expectRefused(mismatch, 'SIGNATURE_MISMATCH');
  });

  it('signs the token request too (without authorization)', async () => {
    const form = new URLSearchParams({
      client_id: 'ebabcf4d-61c3-4942-875c-e265a7c2d062',
      client_secret: 'demo-client-secret',
      grant_type: 'client_credentials',
    }).toString();
    const ok = await sendSigned(app, {
      method: 'POST',
      path: '/auth/token',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(ok.headers['cache-control']).toBe('no-store');
    const unsigned = await sendSigned(
      app,
      {
        method: 'POST',
        path: '/auth/token',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      (r) => {
        delete r.headers['signature-input'];
      },
    );
    // The token endpoint names no check: its refusals never tell a known client from an unknown one.
    expect(unsigned.status).toBe(401);
    expect((unsigned.json as { detail: string }).detail).toBe('invalid client credentials');
  });
});
