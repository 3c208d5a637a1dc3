import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import { sqlRun } from '../../test/inspect.js';
import { createApp } from '../app.js';

// GET /admin/api/transfers.csv: the console's filtered view as CSV, streamed
// page by page along the list's keyset, never capped.

/** `n` NEW incoming transfers of the demo tenant, a few hundred per statement (like the benchmark's bulk insert). */
async function insertMany(t: TestDb, n: number): Promise<void> {
  // The values are made here, not by SQL functions (printf, strftime) only one database has.
  const columns = `id, tenant_id, direction, status, transfer_type, user_id, account_id, account_group_id,
    settlement_reference, counterparty_bic, created_at, updated_at, isin, instrument_id_type, quantity`;
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const chunk = 500;
  for (let from = 0; from < n; from += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - from) }, (_, i) => {
      const k = from + i;
      const at = new Date(start + k * 1000).toISOString();
      return [
        `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
        DEMO.tenant.id,
        'INCOMING',
        'NEW',
        'NO_OWNER_CHANGE',
        DEMO.user,
        DEMO.account,
        'g',
        `BULK${String(k).padStart(6, '0')}`,
        'DUMBZZ33XXX',
        at,
        at,
        'US0378331005',
        'ISIN',
        '1',
      ];
    });
    const values = rows.map((row) => `(${row.map(() => '?').join(', ')})`).join(',\n');
    await sqlRun(t.db, `INSERT INTO securities_transfers (${columns}) VALUES ${values}`, ...rows.flat());
  }
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}

describe('CSV export of the console list over HTTP', () => {
  let t: TestDb;
  let server: Server;
  let base: string;
  let cookie: string;
  beforeEach(async () => {
    t = await createTestDb();
    server = createApp({ db: t.db, clock: t.clock, admin: { cookieSecure: 'auto' } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
      body: JSON.stringify({ email: 'viewer@example.com', password: 'viewer-demo-password' }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('needs a signed-in operator and names a bad filter', async () => {
    const anonymous = await fetch(`${base}/admin/api/transfers.csv`);
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${base}/admin/api/transfers.csv?direction=SIDEWAYS`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalid_params: { name: string }[] }).invalid_params[0]?.name).toBe(
      'direction',
    );
  });

  it('streams every row of the filtered view, quoted and safe to open in a spreadsheet', async () => {
    const api = callerFor(t);
    const outgoing = await api.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
      quantity: '1',
      settlement_reference: 'EXPORT-1',
      counterparty: { bic: 'DUMBZZ33XXX', account_number: '1', name: '-Holding, Ltd' },
    });
    await api.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      settlement_reference: 'NOT-EXPORTED',
    });
    const res = await fetch(`${base}/admin/api/transfers.csv?direction=OUTGOING`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="transfers-securities-\d+\.csv"$/,
    );
    const [header, ...rows] = parseCsv(await res.text());
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries((header ?? []).map((name, i) => [name, rows[0]?.[i]]));
    expect(row).toMatchObject({
      id: outgoing.id,
      direction: 'OUTGOING',
      status: 'NEW',
      settlement_reference: 'EXPORT-1',
      counterparty_name: "'-Holding, Ltd",
      quantity: '1',
      tenant: 'Demo Fintech',
    });
  });

  it('is not capped: thousands of rows across many keyset pages, residual filters included', async () => {
    await insertMany(t, 2_345);
    const all = await fetch(`${base}/admin/api/transfers.csv?tenant_id=${DEMO.tenant.id}&order=ASC`, {
      headers: { cookie },
    });
    const records = parseCsv(await all.text());
    expect(records).toHaveLength(2_346);
    const ids = records.slice(1).map((r) => r[1]);
    expect(new Set(ids).size).toBe(2_345);
    expect(ids[0]).toBe('00000000-0000-4000-8000-000000000000');
    expect(ids.at(-1)).toBe('00000000-0000-4000-8000-000000002344');

    // A prefix filter is residual: the export walks window after window until the end.
    const prefixed = await fetch(`${base}/admin/api/transfers.csv?settlement_reference=bulk0001`, {
      headers: { cookie },
    });
    expect(parseCsv(await prefixed.text())).toHaveLength(101);
  });
});
