import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DEMO, type TestDb } from '../../test/harness.js';
import type { Db } from '../db/client.js';
import { PURGE_SQL, purgeAllExpired, purgeExpiredSlice, startHousekeeping } from './housekeeping.js';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000).toISOString();
const TABLES = ['signature_nonces', 'idempotency_keys', 'access_tokens'] as const;
const each = (n: number) => ({ signature_nonces: n, idempotency_keys: n, access_tokens: n });

/** `expired` rows that expired before NOW (the oldest first) and `live` ones that expire after it, in each table. */
function fill(db: Db, expired: number, live: number): void {
  const nonce = db.$client.prepare(
    'INSERT INTO signature_nonces (tenant_id, nonce, expires_at) VALUES (?, ?, ?)',
  );
  const record = db.$client.prepare(
    `INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash, state, response_status, response_body, created_at, expires_at)
     VALUES (?, ?, 'securitiesTransfers.create', 'h', 'done', 200, '{}', ?, ?)`,
  );
  const token = db.$client.prepare(
    `INSERT INTO access_tokens (token_hash, tenant_id, scopes, expires_at, created_at)
     VALUES (?, ?, 'transfers:read', ?, ?)`,
  );
  db.$client.transaction(() => {
    for (let i = 0; i < expired + live; i++) {
      // Inserted in shuffled expiry order: the purge must follow the times, not the insertion order.
      const offset = i < expired ? -1 - ((i * 7) % expired) : 1 + i;
      nonce.run(DEMO.tenant.id, `n-${i}`, at(offset));
      record.run(DEMO.tenant.id, `k-${i}`, at(offset - 90_000), at(offset));
      token.run(`t-${i}`, DEMO.tenant.id, at(offset), at(offset - 3_600));
    }
  })();
}

const count = (db: Db, table: string, where = '1 = 1') =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
const counts = (db: Db, where?: string) => TABLES.map((table) => count(db, table, where));

describe('purging expired nonces, idempotency records and access tokens', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('a slice deletes at most its limit per table, the earliest expiries first, and no live row', () => {
    fill(t.db, 25, 10);
    const before = counts(t.db);

    expect(purgeExpiredSlice(t.db, NOW, 10)).toEqual(each(10));
    expect(counts(t.db)).toEqual(before.map((n) => n - 10));
    // The ten that went were the ten oldest.
    expect(counts(t.db, `expires_at < '${at(-16)}'`)).toEqual([0, 0, 0]);

    expect(purgeAllExpired(t.db, NOW, 10)).toEqual(each(15));
    expect(counts(t.db, `expires_at <= '${NOW.toISOString()}'`)).toEqual([0, 0, 0]);
    expect(counts(t.db, `expires_at > '${NOW.toISOString()}'`)).toEqual([10, 10, 10]);
    expect(purgeExpiredSlice(t.db, NOW, 10)).toEqual(each(0));
  });

  it('reads the expiry index, never the whole table', () => {
    for (const sql of Object.values(PURGE_SQL).flatMap((statements) => [statements.due, statements.purge])) {
      const plan = t.db.$client
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...(sql.includes('LIMIT ?') ? [NOW.toISOString(), 10] : [NOW.toISOString()]))
        .map((row) => (row as { detail: string }).detail);
      expect(plan.some((step) => /USING (COVERING )?INDEX \w+_expiry \(expires_at<\?\)/.test(step))).toBe(
        true,
      );
      expect(plan.filter((step) => /^SCAN /.test(step))).toEqual([]);
    }
  });

  it('the housekeeper drains a backlog slice after slice without waiting for its interval', async () => {
    fill(t.db, 45, 5);
    // An interval longer than the test: only the follow-up of a full slice can purge more than 10.
    const housekeeper = startHousekeeping(t.db, { intervalMs: 60_000, sliceRows: 10, now: () => NOW });
    try {
      await expect.poll(() => housekeeper.purged, { timeout: 5_000, interval: 10 }).toEqual(each(45));
      expect(counts(t.db, `expires_at > '${NOW.toISOString()}'`)).toEqual([5, 5, 5]);
    } finally {
      housekeeper.stop();
    }
  });
});
