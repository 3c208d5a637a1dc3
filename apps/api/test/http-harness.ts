import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import {
  type Algorithm,
  createTransfersClient,
  generateKeyPair,
  type SignRequestOptions,
  signRequest,
  type TransfersClient,
} from '@tbo/signing';
import { type AppOptions, createApp } from '../src/app.js';
import type { RestConfig } from '../src/http/rest/edge-config.js';
import { systemClock } from '../src/lib/clock.js';
import { addClientKey } from '../src/services/auth/client-keys.js';
import { issueAccessToken } from '../src/services/auth/tokens.js';
import { startWriterThread } from '../src/services/write/writer-thread.js';
import { createTestDb, DEMO, type TestDb } from './harness.js';

export { DEMO };

export interface KeyPair {
  keyId: string;
  algorithm: Algorithm;
  publicKey: string;
  privateKey: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON when the body is JSON. */
  json: unknown;
}

export interface HttpApp {
  t: TestDb;
  baseUrl: string;
  /** Demo tenant keys by algorithm (key ids `demo-<alg>`); `other` is the other tenant's. */
  keys: Record<Algorithm, KeyPair> & { other: KeyPair };
  client(options?: { scope?: string; algorithm?: Algorithm; tenant?: 'demo' | 'other' }): TransfersClient;
  close(): Promise<void>;
}

const ALGORITHMS: Algorithm[] = ['ed25519', 'ecdsa-p256-sha512', 'ecdsa-p384-sha512', 'ecdsa-p521-sha512'];

/** The whole api (REST + tRPC) on 127.0.0.1 with a random port and a real temp SQLite file. */
export async function startHttpApp(
  rest: Partial<RestConfig> = {},
  options: Pick<AppOptions, 'auth' | 'clock' | 'admin' | 'logger' | 'metrics' | 'metricsAccess'> = {},
): Promise<HttpApp> {
  const t = await createTestDb();
  const now = new Date();
  const register = async (clientId: string, keyId: string, algorithm: Algorithm): Promise<KeyPair> => {
    const pair = generateKeyPair(algorithm);
    await addClientKey(t.db, { clientId, keyId, publicKeyPem: pair.publicKey, now });
    return { keyId, algorithm, publicKey: pair.publicKey, privateKey: pair.privateKey };
  };
  const demoKeys = {} as Record<Algorithm, KeyPair>;
  for (const a of ALGORITHMS) demoKeys[a] = await register(DEMO.tenant.clientId, `demo-${a}`, a);
  const keys = { ...demoKeys, other: await register(DEMO.otherTenant.clientId, 'other-ed25519', 'ed25519') };
  // The write port production chooses by default (WRITER_THREAD=auto): the
  // writer thread on two cores or more on SQLite, group commit on PostgreSQL. Its purge runs on the real clock,
  // so here it waits longer than any suite, as the tests' clock is their own.
  if (availableParallelism() >= 2 && t.path !== '') {
    t.writes = await startWriterThread(t.db, t.path, { housekeepingIntervalMs: 3_600_000 });
  }
  const server = createApp({
    db: t.db,
    writes: t.writes,
    clock: options.clock ?? systemClock,
    rest,
    auth: options.auth ?? {},
    ...(options.admin ? { admin: options.admin } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.metricsAccess ? { metricsAccess: options.metricsAccess } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t,
    baseUrl,
    keys,
    client: (options = {}) => {
      const tenant = options.tenant === 'other' ? DEMO.otherTenant : DEMO.tenant;
      const key = options.tenant === 'other' ? keys.other : keys[options.algorithm ?? 'ed25519'];
      return createTransfersClient({
        baseUrl,
        clientId: tenant.clientId,
        clientSecret: tenant.clientSecret,
        keyId: key.keyId,
        privateKey: key.privateKey,
        ...(options.scope !== undefined ? { scope: options.scope } : {}),
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.writes.stop();
      await t.close();
    },
  };
}

/** Sends exactly these bytes and headers (no fetch normalisation), for tampering and fuzzing. */
export function rawRequest(
  baseUrl: string,
  input: { method: string; path: string; headers?: Record<string, string>; body?: Uint8Array | string },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const headers = { ...input.headers };
  // Node sends a GET/DELETE/OPTIONS body unframed unless the length is given.
  if (input.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(Buffer.byteLength(input.body));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: input.method, path: input.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (input.body !== undefined) req.end(input.body);
    else req.end();
  });
}

export interface SignedInput {
  method: string;
  /** Path with optional query. */
  path: string;
  body?: string | Uint8Array;
  token?: string;
  key?: KeyPair;
  clientId?: string;
  idempotencyKey?: string | false;
  headers?: Record<string, string>;
  sign?: Partial<SignRequestOptions>;
}

/** The headers and body of a correctly signed request, ready to be tampered with. */
export function signedParts(input: SignedInput, defaultKey: KeyPair): { headers: Record<string, string> } {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'upvest-client-id': input.clientId ?? DEMO.tenant.clientId,
    'upvest-api-version': '1',
    ...(input.token !== undefined ? { authorization: `Bearer ${input.token}` } : {}),
    ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(input.idempotencyKey ? { 'idempotency-key': input.idempotencyKey } : {}),
    ...input.headers,
  };
  const key = input.key ?? defaultKey;
  const added = signRequest({
    method: input.method,
    url: `http://127.0.0.1${input.path}`,
    headers,
    ...(input.body !== undefined ? { body: input.body } : {}),
    keyId: key.keyId,
    privateKey: key.privateKey,
    ...input.sign,
  });
  return { headers: { ...headers, ...added } };
}

/** Signs and sends a request; `tamper` may change headers, path or body after signing. */
export function sendSigned(
  app: HttpApp,
  input: SignedInput,
  tamper: (req: {
    path: string;
    headers: Record<string, string>;
    body?: string | Uint8Array;
  }) => void = () => {},
): Promise<RawResponse> {
  const { headers } = signedParts(input, app.keys.ed25519);
  const req = { path: input.path, headers, ...(input.body !== undefined ? { body: input.body } : {}) };
  tamper(req);
  return rawRequest(app.baseUrl, { method: input.method, ...req });
}

/** An access token of the demo tenant with all its scopes, issued straight in the database. */
export async function demoToken(app: HttpApp): Promise<string> {
  const { accessToken } = await issueAccessToken(
    app.t.db,
    { clientId: DEMO.tenant.clientId, clientSecret: DEMO.tenant.clientSecret },
    new Date(),
  );
  return accessToken;
}
