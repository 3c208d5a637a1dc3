import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { SEED_SECURITIES_REQUEST } from '../harness.js';
import {
  demoToken,
  type HttpApp,
  type RawResponse,
  rawRequest,
  sendSigned,
  startHttpApp,
} from '../http-harness.js';
import { sqlRows, tableNames } from '../inspect.js';

/** Bookkeeping a signed request legitimately touches (its nonce). */
const EXCLUDED_TABLES = new Set(['signature_nonces', '__drizzle_migrations']);

async function databaseFingerprint(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await tableNames(db)) {
    if (EXCLUDED_TABLES.has(name)) continue;
    const rows = ((await sqlRows(db, `SELECT * FROM "${name}"`)) as unknown[]).map((r) => JSON.stringify(r));
    out[name] = `${rows.length}:${createHash('sha256').update(rows.sort().join('\n')).digest('hex')}`;
  }
  return out;
}

/** Broken percent-encodings and bytes: truncated, non-hex, overlong, surrogate, NUL, stray. */
const BAD_ENCODINGS = ['%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%%41', '%u0041'];
const BAD_COOKIES = BAD_ENCODINGS.map((e) => `tbo_admin_session=${e}`).concat([
  'tbo_admin_session=',
  'tbo_admin_session',
  ';;;=;',
  'tbo_admin_session=a; tbo_admin_session=%ZZ',
  `tbo_admin_session=${'%41'.repeat(2000)}`,
]);
const BAD_BODIES: (string | Buffer)[] = [
  Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
  '{"a":',
  '[1,2',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  '{"__proto__":{"x":1}}',
  '"\\ud800"',
  '1e999999',
  JSON.stringify({ ...SEED_SECURITIES_REQUEST, quantity: '1e5' }),
];

interface Probe {
  mount: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signed?: boolean;
  /** false: the mount may ignore the broken part (a cookie on a static file); by default it must refuse. */
  expectRefusal?: boolean;
}

function probes(): Probe[] {
  const out: Probe[] = [];
  const json = { 'content-type': 'application/json' };
  for (const bad of BAD_ENCODINGS) {
    out.push(
      { mount: 'rest', method: 'GET', path: `/securities_transfers/${bad}`, signed: true },
      { mount: 'rest', method: 'POST', path: `/securities_transfers/${bad}/cancel`, signed: true },
      { mount: 'rest', method: 'GET', path: `/securities_transfers?user_id=${bad}`, signed: true },
      { mount: 'rest', method: 'GET', path: `/webhooks/${bad}`, signed: true },
      { mount: 'rest', method: 'GET', path: `/securities_transfers/${bad}` },
      { mount: 'trpc', method: 'GET', path: `/trpc/securitiesTransfers.get${bad}` },
      { mount: 'trpc', method: 'GET', path: `/trpc/securitiesTransfers.get?input=${bad}`, signed: true },
      { mount: 'trpc', method: 'GET', path: `/trpc/securitiesTransfers.list?input=${bad}`, signed: true },
      { mount: 'trpc batch', method: 'GET', path: `/trpc/a,${bad}?batch=1&input=${bad}` },
      {
        mount: 'trpc batch',
        method: 'GET',
        path: `/trpc/securitiesTransfers.get,securitiesTransfers.list?batch=1&input=${bad}`,
        signed: true,
      },
      { mount: 'trpc batch', method: 'POST', path: `/trpc/${bad}?batch=1`, headers: json, body: '{}' },
      { mount: 'static', method: 'GET', path: `/admin/${bad}` },
      { mount: 'static', method: 'GET', path: `/admin/assets/${bad}.js` },
      { mount: 'pages', method: 'GET', path: `/problems/${bad}` },
    );
  }
  for (const cookie of BAD_COOKIES) {
    out.push(
      // Signed out is the answer to a cookie that names no session: 204, never a session.
      {
        mount: 'console session',
        method: 'GET',
        path: '/admin/api/session',
        headers: { cookie },
        expectRefusal: false,
      },
      {
        mount: 'console session',
        method: 'POST',
        path: '/admin/api/logout',
        headers: { cookie, 'x-requested-with': 'x' },
        expectRefusal: false,
      },
      { mount: 'trpc', method: 'GET', path: '/trpc/admin.transfers.list', headers: { cookie } },
      {
        mount: 'trpc',
        method: 'POST',
        path: '/trpc/admin.transfers.cancel',
        headers: { cookie, ...json },
        body: '{}',
      },
      {
        mount: 'static',
        method: 'GET',
        path: '/admin/',
        headers: { cookie, 'if-none-match': '%ZZ' },
        expectRefusal: false,
      },
    );
  }
  for (const body of BAD_BODIES) {
    out.push(
      { mount: 'rest', method: 'POST', path: '/securities_transfers', headers: json, body, signed: true },
      { mount: 'rest', method: 'POST', path: '/webhooks', headers: json, body, signed: true },
      {
        mount: 'rest',
        method: 'POST',
        path: '/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      },
      {
        mount: 'trpc',
        method: 'POST',
        path: '/trpc/securitiesTransfers.create',
        headers: json,
        body,
        signed: true,
      },
      {
        mount: 'trpc batch',
        method: 'POST',
        path: '/trpc/securitiesTransfers.create,securitiesTransfers.cancel?batch=1',
        headers: json,
        body,
        signed: true,
      },
      {
        mount: 'console session',
        method: 'POST',
        path: '/admin/api/login',
        headers: { ...json, 'x-requested-with': 'x' },
        body,
      },
    );
  }
  for (const value of ['%ZZ', 'Bearer %ZZ', 'Bearer', 'Basic Og==', `Bearer ${'a'.repeat(4000)}`]) {
    out.push(
      { mount: 'rest', method: 'GET', path: '/securities_transfers', headers: { authorization: value } },
      {
        mount: 'trpc',
        method: 'GET',
        path: '/trpc/securitiesTransfers.list',
        headers: { authorization: value },
      },
    );
  }
  out.push(
    {
      mount: 'rest',
      method: 'POST',
      path: '/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=%ZZ&grant_type=%',
    },
    {
      mount: 'rest',
      method: 'GET',
      path: '/securities_transfers',
      headers: { 'upvest-api-version': '%ZZ' },
      signed: true,
    },
    { mount: 'rest', method: 'GET', path: '/securities_transfers?limit=%ZZ&limit=1', signed: true },
    // Outside the console's folder: the console's own page (its router shows "not found").
    { mount: 'static', method: 'GET', path: '/admin/..%2f..%2f..%2fetc%2fpasswd', expectRefusal: false },
    { mount: 'static', method: 'GET', path: '/admin/assets/..%5c..%5cindex.html' },
    { mount: 'pages', method: 'GET', path: '/openapi.json?%ZZ', expectRefusal: false },
    { mount: 'pages', method: 'GET', path: '/docs?%ZZ=%ZZ', expectRefusal: false },
  );
  return out;
}

/** The problem a response carries: problem+json itself, or inside a tRPC error (each of a batch's). */
function problemsOf(probe: Probe, response: RawResponse): { status: number }[] {
  if (
    probe.mount.startsWith('trpc') &&
    response.headers['content-type']?.toString().startsWith('application/json')
  ) {
    const items = Array.isArray(response.json) ? response.json : [response.json];
    return items.map(
      (item) => (item as { error: { data: { problem: { status: number } } } }).error.data.problem,
    );
  }
  if (response.headers['content-type'] !== 'application/problem+json') return [];
  return [response.json as { status: number }];
}

describe('hole: malformed input answered 500 – every mount answers 4xx problems, the database unchanged', () => {
  let app: HttpApp;
  let token: string;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'tbo-console-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    app = await startHttpApp({}, { admin: { distFolder: dist } });
    token = await demoToken(app);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('covers every mount', () => {
    expect(new Set(probes().map((p) => p.mount))).toEqual(
      new Set(['rest', 'trpc', 'trpc batch', 'console session', 'static', 'pages']),
    );
  });

  it('answers each malformed request 4xx with a problem, and stores nothing', async () => {
    const before = await databaseFingerprint(app.t.db);
    const failures: string[] = [];
    for (const probe of probes()) {
      const response = probe.signed
        ? await sendSigned(app, {
            method: probe.method,
            path: probe.path,
            token,
            idempotencyKey: randomUUID(),
            headers: probe.headers ?? {},
            ...(probe.body !== undefined ? { body: probe.body } : {}),
          })
        : await rawRequest(app.baseUrl, {
            method: probe.method,
            path: probe.path,
            headers: probe.headers ?? {},
            ...(probe.body !== undefined ? { body: probe.body } : {}),
          });
      const label = `${probe.mount}: ${probe.method} ${probe.path.slice(0, 80)} ${JSON.stringify(probe.headers ?? {}).slice(0, 80)}`;
      // Input a mount does not use (a cookie on a static file, a stray query on /docs) may be ignored;
      // whatever is refused is refused with a 4xx problem, never a 5xx.
      if (
        response.status >= 500 ||
        (response.status >= 200 && response.status < 300 && probe.expectRefusal !== false)
      ) {
        failures.push(`${label} → ${response.status} ${response.text.slice(0, 120)}`);
        continue;
      }
      if (response.status < 400) continue;
      const problems = problemsOf(probe, response);
      if (problems.length === 0)
        failures.push(`${label} → ${response.status} not a problem: ${response.text.slice(0, 80)}`);
      for (const problem of problems) {
        if (problem?.status !== response.status && !Array.isArray(response.json))
          failures.push(`${label} → problem ${JSON.stringify(problem)}`);
        if (problem?.status === undefined || problem.status < 400 || problem.status > 499)
          failures.push(`${label} → problem ${JSON.stringify(problem)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(app.t.db)).toEqual(before);
  });
});
