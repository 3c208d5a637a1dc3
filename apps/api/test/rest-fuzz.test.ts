import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { SEED_ACCOUNT_REQUEST, SEED_SECURITIES_REQUEST } from './harness.js';
import { type HttpApp, type RawResponse, rawRequest, sendSigned, startHttpApp } from './http-harness.js';
import { sqlRows, tableNames } from './inspect.js';

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20260302);
const COUNT = 1200;
/** Bookkeeping that signed requests legitimately touch. */
const EXCLUDED_TABLES = new Set(['signature_nonces', '__drizzle_migrations']);

async function databaseFingerprint(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await tableNames(db)) {
    if (EXCLUDED_TABLES.has(name)) continue;
    const rows = ((await sqlRows(db, `SELECT * FROM "${name}"`)) as unknown[])
      .map((r) => JSON.stringify(r))
      .sort();
    out[name] = `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex')}`;
  }
  return out;
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const PRINTABLE =
  ' !#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"\'\\';

function randomString(rand: Rand, max: number, alphabet = PRINTABLE): string {
  const length = Math.floor(rand() * max);
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

function randomValue(rand: Rand, depth = 0): unknown {
  switch (Math.floor(rand() * (depth > 2 ? 6 : 8))) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 1e6) * (rand() < 0.5 ? -1 : 1) + rand();
    case 3:
      return randomString(rand, 40);
    case 4:
      return 'x'.repeat(Math.floor(rand() * 5000));
    case 5:
      return '9'.repeat(1 + Math.floor(rand() * 80));
    case 6:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 4) }, () => [
          randomString(rand, 10),
          randomValue(rand, depth + 1),
        ]),
      );
  }
}

/** A create body broken in at least one field (wrong type, missing, unknown, huge). */
function brokenBody(rand: Rand, base: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = structuredClone(base);
  const keys = Object.keys(body);
  const mutations = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < mutations; i++) {
    const key = pick(rand, keys);
    const kind = Math.floor(rand() * 4);
    if (kind === 0) delete body[key];
    else if (kind === 1) body[`${randomString(rand, 8, 'abcdefghij_')}_unknown`] = randomValue(rand);
    else if (kind === 2)
      body[key] = typeof body[key] === 'string' ? Math.floor(rand() * 100) : randomString(rand, 30);
    else body[key] = 'Z'.repeat(200 + Math.floor(rand() * 20000));
  }
  return body;
}

function randomBytes(rand: Rand, max: number): Buffer {
  const out = Buffer.alloc(Math.floor(rand() * max));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

const PATHS = ['/securities_transfers', '/account_transfers', '/auth/token'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const RESERVED = /^\/(trpc|healthz|readyz|docs|openapi\.json|problems|admin)(\/|$)/;

function randomPath(rand: Rand): string {
  const roll = rand();
  if (roll < 0.4) return pick(rand, PATHS);
  if (roll < 0.7)
    return `${pick(rand, PATHS.slice(0, 2))}/${pick(rand, [randomUUID(), randomString(rand, 20, 'abc123-%'), '..', '%zz'])}${rand() < 0.5 ? '/cancel' : ''}`;
  const path = `/${randomString(rand, 30, 'abcdefghijklmnopqrstuvwxyz0123456789_-./%')}`;
  return RESERVED.test(path) || path.startsWith('//') ? '/nowhere' : path;
}

function assertWellFormedProblem(res: RawResponse, label: string): void {
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.headers['content-type'], label).toBe('application/problem+json');
  const problem = res.json as Record<string, unknown> | undefined;
  expect(problem, label).toBeTypeOf('object');
  expect(problem?.status, label).toBe(res.status);
  expect(problem?.type, label).toMatch(/^\/problems\/[a-z-]+$/);
  expect(problem?.title, label).toBeTypeOf('string');
  expect(problem?.detail, label).toBeTypeOf('string');
  expect(problem?.request_id, label).toBe(res.headers['x-request-id']);
}

describe('REST edge: fuzzing with malformed requests', () => {
  let app: HttpApp;
  let token: string;
  beforeAll(async () => {
    app = await startHttpApp({ rateLimiting: false });
    token = await app.client().token();
  });
  afterAll(() => app.close());

  it(`answers ${COUNT} malformed requests with well-formed 4xx problems and changes nothing (seed ${SEED})`, async () => {
    const rand = prng(SEED);
    const before = await databaseFingerprint(app.t.db);
    const statuses = new Map<number, number>();
    for (let i = 0; i < COUNT; i++) {
      const label = `case ${i} (seed ${SEED})`;
      const kind = Math.floor(rand() * 5);
      let res: RawResponse;
      if (kind === 0) {
        // Unsigned noise: random method, path, headers, bytes.
        const headers: Record<string, string> = {};
        if (rand() < 0.5)
          headers['content-type'] = pick(rand, [
            'application/json',
            'text/plain',
            'application/x-www-form-urlencoded',
            randomString(rand, 20, 'abc/;='),
          ]);
        if (rand() < 0.3)
          headers.accept = pick(rand, [
            'text/html',
            '*/*',
            'application/json;q=0',
            randomString(rand, 15, 'abc/*;=.'),
          ]);
        if (rand() < 0.3) headers['upvest-api-version'] = randomString(rand, 3, '0123');
        if (rand() < 0.5) headers.authorization = `Bearer ${randomString(rand, 40, 'abcXYZ012_-')}`;
        if (rand() < 0.3) headers['upvest-client-id'] = randomString(rand, 36, 'abcdef0123456789-');
        const body =
          rand() < 0.6
            ? rand() < 0.5
              ? randomBytes(rand, 3000)
              : JSON.stringify(randomValue(rand))
            : undefined;
        res = await rawRequest(app.baseUrl, {
          method: pick(rand, METHODS),
          path: randomPath(rand),
          headers,
          ...(body !== undefined ? { body } : {}),
        });
      } else if (kind === 1) {
        // Correctly signed creates whose body is broken.
        const securities = rand() < 0.5;
        const base = (securities ? SEED_SECURITIES_REQUEST : SEED_ACCOUNT_REQUEST) as unknown as Record<
          string,
          unknown
        >;
        const roll = rand();
        const body =
          roll < 0.7
            ? JSON.stringify(brokenBody(rand, base))
            : roll < 0.85
              ? randomBytes(rand, 500)
              : `${JSON.stringify(base).slice(0, -3)}`;
        const headers: Record<string, string> =
          rand() < 0.1
            ? { 'content-type': pick(rand, ['text/plain', 'application/json; charset=utf-16']) }
            : {};
        const sent = rand() < 0.01 ? 'y'.repeat(1024 * 1024 + 1) : body;
        res = await sendSigned(app, {
          method: 'POST',
          path: securities ? '/securities_transfers' : '/account_transfers',
          body: sent,
          token,
          idempotencyKey: randomUUID(),
          headers,
        });
      } else if (kind === 2) {
        // Correctly signed lists with bad query parameters.
        const params = new URLSearchParams();
        if (rand() < 0.7) params.set('direction', pick(rand, ['INCOMING', 'OUTGOING', 'incoming', '']));
        const bad = pick(rand, [
          'limit',
          'offset',
          'sort',
          'order',
          'status',
          'user_id',
          `${randomString(rand, 8, 'xyz_')}_x`,
        ]);
        const invalid =
          bad === 'limit' || bad === 'offset'
            ? ['-1', '1001.5', 'abc', '1e3', '9'.repeat(30)]
            : ['NOPE', 'asc', '', randomString(rand, 10, '!*@')];
        params.set(bad, bad === 'limit' && rand() < 0.3 ? '1001' : pick(rand, invalid));
        res = await sendSigned(app, {
          method: 'GET',
          path: `${pick(rand, PATHS.slice(0, 2))}?${params}`,
          token,
        });
      } else if (kind === 3) {
        // Correctly signed requests, then one header removed or altered.
        const body = JSON.stringify(SEED_SECURITIES_REQUEST);
        const header = pick(rand, [
          'authorization',
          'upvest-client-id',
          'idempotency-key',
          'signature',
          'signature-input',
          'content-digest',
          'content-type',
          'upvest-signature-version',
        ]);
        res = await sendSigned(
          app,
          { method: 'POST', path: '/securities_transfers', body, token, idempotencyKey: randomUUID() },
          (r) => {
            if (rand() < 0.6) delete r.headers[header];
            else r.headers[header] = randomString(rand, 60, 'abcdef0123456789=:-');
          },
        );
      } else {
        // Correctly signed reads/cancels of ids that do not exist or are not ids.
        const id = pick(rand, [
          randomUUID(),
          randomString(rand, 12, 'abc-123'),
          '%00',
          '00000000-0000-0000-0000-000000000000',
        ]);
        const cancel = rand() < 0.5;
        res = await sendSigned(app, {
          method: cancel ? 'POST' : 'GET',
          path: `${pick(rand, PATHS.slice(0, 2))}/${encodeURIComponent(id)}${cancel ? '/cancel' : ''}`,
          token,
          ...(cancel ? { idempotencyKey: randomUUID() } : {}),
        });
      }
      assertWellFormedProblem(res, `${label}: ${res.status} ${res.text.slice(0, 200)}`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(await databaseFingerprint(app.t.db)).toEqual(before);
    console.log('fuzz statuses', Object.fromEntries([...statuses].sort()));
    // A spread of refusals, not one error for everything.
    expect(statuses.size).toBeGreaterThanOrEqual(5);
  });
});
