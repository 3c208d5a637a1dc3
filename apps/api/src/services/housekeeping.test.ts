import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, insertExpiringRows } from '../../test/expiring-rows.js';
import { createTestDb, DEMO, type TestDb } from '../../test/harness.js';
import type { Db } from '../db/client.js';
import { EXPIRING_TABLES } from '../repositories/expiring-rows.js';
import { noPurges, purgeExpiredSlice, startHousekeeping, tallySlice } from './housekeeping.js';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000).toISOString();
const each = (n: number) => ({ signature_nonces: n, idempotency_keys: n, access_tokens: n });

/** `expired` rows that expired before NOW (the oldest first) and `live` ones that expire after it, in each table. */
async function fill(db: Db, expired: number, live: number): Promise<void> {
  // In shuffled expiry order: the purge must follow the times, not the insertion order.
  const offsets = Array.from({ length: expired + live }, (_, i) =>
    i < expired ? -1 - ((i * 7) % expired) : 1 + i,
  );
  await insertExpiringRows(db, DEMO.tenant.id, offsets.map(at));
}

const counts = (db: Db, where?: string) =>
  Promise.all(EXPIRING_TABLES.map((table) => countRows(db, table, where)));

describe('purging expired nonces, idempotency records and access tokens', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('a slice deletes at most its limit per table, the earliest expiries first, and no live row', async () => {
    await fill(t.db, 25, 10);
    const before = await counts(t.db);

    expect(await purgeExpiredSlice(t.db, NOW, 10)).toEqual(each(10));
    expect(await counts(t.db)).toEqual(before.map((n) => n - 10));
    // The ten that went were the ten oldest.
    expect(await counts(t.db, `expires_at < '${at(-16)}'`)).toEqual([0, 0, 0]);

    const rest = noPurges();
    while (tallySlice(rest, await purgeExpiredSlice(t.db, NOW, 10), 10));
    expect(rest).toEqual(each(15));
    expect(await counts(t.db, `expires_at <= '${NOW.toISOString()}'`)).toEqual([0, 0, 0]);
    expect(await counts(t.db, `expires_at > '${NOW.toISOString()}'`)).toEqual([10, 10, 10]);
    expect(await purgeExpiredSlice(t.db, NOW, 10)).toEqual(each(0));
  });

  it('the housekeeper drains a backlog slice after slice without waiting for its interval', async () => {
    await fill(t.db, 45, 5);
    // An interval longer than the test: only the follow-up of a full slice can purge more than 10.
    const housekeeper = startHousekeeping((now, limit) => purgeExpiredSlice(t.db, now, limit), {
      intervalMs: 60_000,
      sliceRows: 10,
      now: () => NOW,
    });
    try {
      await expect.poll(() => housekeeper.purged, { timeout: 5_000, interval: 10 }).toEqual(each(45));
      expect(await counts(t.db, `expires_at > '${NOW.toISOString()}'`)).toEqual([5, 5, 5]);
    } finally {
      housekeeper.stop();
    }
  });
});
