import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClientKey } from '../src/services/auth/client-keys.js';
import { DEMO, SEED_ACCOUNT_REQUEST, SEED_SECURITIES_REQUEST } from './harness.js';
import { type HttpApp, type RawResponse, rawRequest, startHttpApp } from './http-harness.js';

/**
 * A client as the API provider's published examples write one, built from
 * parts we did not write: keys made and requests signed by the `openssl`
 * CLI (ECDSA with SHA-512, ASN.1 DER – what Node's, Python's and Java's
 * default signers produce), the signature base spelled out here line by
 * line as draft 15 §2.5 lays it out, the digest by node:crypto. Nothing of
 * @tbo/signing takes part.
 */
interface OpensslKey {
  keyId: string;
  privatePath: string;
}

let dir: string;

function opensslKey(curve: 'P-256' | 'P-521', keyId: string): OpensslKey & { publicPem: string } {
  const privatePath = join(dir, `${keyId}.pem`);
  execFileSync('openssl', [
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    `ec_paramgen_curve:${curve}`,
    '-out',
    privatePath,
  ]);
  const publicPem = execFileSync('openssl', ['pkey', '-in', privatePath, '-pubout'], { encoding: 'utf8' });
  return { keyId, privatePath, publicPem };
}

interface Outgoing {
  method: 'GET' | 'POST';
  /** Path and query as sent. */
  target: string;
  headers: Record<string, string>;
  body?: string;
  /** Header names to cover, in order, after the derived components. */
  cover: string[];
}

/** Signs with `openssl dgst -sha512 -sign` over a base written out by hand. */
function signWithOpenssl(request: Outgoing, key: OpensslKey): Record<string, string> {
  const headers = { ...request.headers };
  if (request.body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(request.body));
    headers['content-digest'] = `sha-512=:${createHash('sha512').update(request.body).digest('base64')}:`;
  }
  const queryAt = request.target.indexOf('?');
  const path = queryAt === -1 ? request.target : request.target.slice(0, queryAt);
  const derived: [string, string][] = [
    ['@method', request.method],
    ['@path', path],
    ...(queryAt === -1 ? [] : [['@query', request.target.slice(queryAt)] as [string, string]]),
  ];
  const covered = [
    ...request.cover,
    ...(request.body !== undefined ? ['content-length', 'content-digest'] : []),
  ];
  const lines = [
    ...derived.map(([name, value]) => `"${name}": ${value}`),
    ...covered.map((name) => `"${name}": ${headers[name]}`),
  ];
  const created = Math.floor(Date.now() / 1000);
  // Parameters in the published Java client's order, with its kind of nonce (16 letters and digits).
  const nonce = randomBytes(12).toString('base64').replace(/[+/]/g, 'x');
  const params =
    `(${[...derived.map(([n]) => n), ...covered].map((n) => `"${n}"`).join(' ')})` +
    `;keyid="${key.keyId}";created=${created};nonce="${nonce}";expires=${created + 60}`;
  const base = `${lines.join('\n')}\n"@signature-params": ${params}`;
  const basePath = join(dir, `base-${nonce}.txt`);
  writeFileSync(basePath, base);
  const der = execFileSync('openssl', ['dgst', '-sha512', '-sign', key.privatePath, basePath]);
  return {
    ...headers,
    'signature-input': `sig1=${params}`,
    signature: `sig1=:${der.toString('base64')}:`,
    'upvest-signature-version': '15',
  };
}

function send(app: HttpApp, request: Outgoing, key: OpensslKey): Promise<RawResponse> {
  return rawRequest(app.baseUrl, {
    method: request.method,
    path: request.target,
    headers: signWithOpenssl(request, key),
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
}

describe('a client signing with openssl (ECDSA, DER) works unchanged', () => {
  let app: HttpApp;
  let p521: OpensslKey;
  let p256: OpensslKey;
  let token: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tbo-openssl-'));
    app = await startHttpApp();
    for (const [curve, keyId] of [
      ['P-521', 'openssl-p521'],
      ['P-256', 'openssl-p256'],
    ] as const) {
      const key = opensslKey(curve, keyId);
      await addClientKey(app.t.db, {
        clientId: DEMO.tenant.clientId,
        keyId,
        publicKeyPem: key.publicPem,
        now: new Date(),
      });
      if (curve === 'P-521') p521 = key;
      else p256 = key;
    }
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const clientHeaders = (extra: Record<string, string> = {}) => ({
    accept: 'application/json',
    authorization: `Bearer ${token}`,
    'upvest-client-id': DEMO.tenant.clientId,
    'upvest-api-version': '1',
    ...extra,
  });
  const read = ['accept', 'authorization', 'upvest-client-id', 'upvest-api-version'];
  const write = [
    'accept',
    'authorization',
    'content-type',
    'idempotency-key',
    'upvest-client-id',
    'upvest-api-version',
  ];

  it('takes a token request that names its client only in the form', async () => {
    const body = new URLSearchParams({
      client_id: DEMO.tenant.clientId,
      client_secret: DEMO.tenant.clientSecret,
      grant_type: 'client_credentials',
      scope: 'transfers:read transfers:admin',
    }).toString();
    const res = await send(
      app,
      {
        method: 'POST',
        target: '/auth/token',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body,
        cover: ['accept', 'content-type'],
      },
      p521,
    );
    expect(res.status).toBe(200);
    token = (res.json as { access_token: string }).access_token;
    expect(token).toMatch(/.{20,}/);
  });

  let securitiesId: string;
  it('creates a securities transfer, covering its idempotency-key', async () => {
    const res = await send(
      app,
      {
        method: 'POST',
        target: '/securities_transfers',
        headers: clientHeaders({ 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
        body: JSON.stringify(SEED_SECURITIES_REQUEST),
        cover: write,
      },
      p521,
    );
    expect(res.status).toBe(200);
    const created = res.json as { id: string; status: string; quantity: string };
    expect(created).toMatchObject({ status: 'NEW', quantity: '10' });
    securitiesId = created.id;
  });

  it('creates account transfers (an OUTGOING full-account one too) with an idempotency-key it does not cover', async () => {
    const uncovered = write.filter((name) => name !== 'idempotency-key');
    for (const body of [
      SEED_ACCOUNT_REQUEST,
      { ...SEED_ACCOUNT_REQUEST, direction: 'OUTGOING', instruments: [] },
    ]) {
      const key = randomUUID();
      const request: Outgoing = {
        method: 'POST',
        target: '/account_transfers',
        headers: clientHeaders({ 'content-type': 'application/json', 'idempotency-key': key }),
        body: JSON.stringify(body),
        cover: uncovered,
      };
      const res = await send(app, request, p256);
      expect(res.status).toBe(200);
      expect((res.json as { direction: string }).direction).toBe(body.direction);
      // The key still works as one: the same request again is a replay.
      const again = await send(app, request, p256);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json).toEqual(res.json);
    }
  });

  it('reads the transfer and lists with a query', async () => {
    const got = await send(
      app,
      {
        method: 'GET',
        target: `/securities_transfers/${securitiesId}`,
        headers: clientHeaders(),
        cover: read,
      },
      p256,
    );
    expect(got.status).toBe(200);
    expect((got.json as { id: string }).id).toBe(securitiesId);
    const query = `?direction=INCOMING&user_id=${DEMO.user}&sort=created_at&order=DESC&offset=0&limit=5&status=NEW`;
    const listed = await send(
      app,
      { method: 'GET', target: `/securities_transfers${query}`, headers: clientHeaders(), cover: read },
      p521,
    );
    expect(listed.status).toBe(200);
    const page = listed.json as { meta: { limit: number; order: string }; data: { id: string }[] };
    expect(page.meta).toMatchObject({ limit: 5, order: 'DESC' });
    expect(page.data.map((t) => t.id)).toContain(securitiesId);
  });

  it('cancels the transfer', async () => {
    const res = await send(
      app,
      {
        method: 'POST',
        target: `/securities_transfers/${securitiesId}/cancel`,
        headers: clientHeaders({ 'idempotency-key': randomUUID() }),
        cover: read.concat('idempotency-key'),
      },
      p521,
    );
    expect(res.status).toBe(200);
    expect((res.json as { status: string }).status).toBe('CANCELLED');
  });

  it('refuses a DER signature with a byte appended', async () => {
    const request: Outgoing = {
      method: 'POST',
      target: '/securities_transfers',
      headers: clientHeaders({ 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
      body: JSON.stringify(SEED_SECURITIES_REQUEST),
      cover: write,
    };
    const headers = signWithOpenssl(request, p521);
    const der = Buffer.from(headers.signature?.slice(6, -1) ?? '', 'base64');
    const padded = await rawRequest(app.baseUrl, {
      method: 'POST',
      path: request.target,
      headers: {
        ...headers,
        signature: `sig1=:${Buffer.concat([der, Buffer.from([0])]).toString('base64')}:`,
      },
      body: request.body ?? '',
    });
    expect(padded.status).toBe(401);
    expect(padded.text).toContain('SIGNATURE_MISMATCH');
  });
});
