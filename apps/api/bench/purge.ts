import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openDatabase, sqliteOf } from '../src/db/client.js';
import { DEMO } from '../src/demo/seed-demo.js';
import { noPurges, PURGE_SLICE_ROWS, purgeExpiredSlice, tallySlice } from '../src/services/housekeeping.js';
import { wholeNumberSetting } from './settings.js';

// pnpm --filter @tbo/api bench:purge – how long purging expired nonces and
// idempotency records holds the write connection. PURGE_LIVE rows (default
// 660,000: five and a half minutes of signed creates at 2,000/s) per table,
// PURGE_EXPIRED of them (default 120,000: one minute's worth) expired.
const LIVE = wholeNumberSetting('PURGE_LIVE', 660_000);
const EXPIRED = wholeNumberSetting('PURGE_EXPIRED', 120_000);
if (EXPIRED > LIVE) throw new Error(`PURGE_EXPIRED (${EXPIRED}) must not exceed PURGE_LIVE (${LIVE})`);
const NOW = new Date('2026-11-21T12:00:00.000Z');

/** Rows as signed creates leave them: random nonces and keys, expiry times in arrival order. */
function fill(db: Db): void {
  const nonce = sqliteOf(db).$client.prepare(
    'INSERT INTO signature_nonces (tenant_id, nonce, expires_at) VALUES (?, ?, ?)',
  );
  const record = sqliteOf(db).$client.prepare(
    `INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash, state, response_status, response_body, created_at, expires_at)
     VALUES (?, ?, 'securitiesTransfers.create', ?, 'done', 200, ?, ?, ?)`,
  );
  const body = JSON.stringify({ id: randomUUID(), status: 'NEW', quantity: '10', padding: 'x'.repeat(600) });
  const hash = randomBytes(32).toString('hex');
  const stepMs = 500 / 1000; // 2,000 a second
  sqliteOf(db).$client.transaction(() => {
    for (let i = 0; i < LIVE; i++) {
      const expiresMs = NOW.getTime() + (i - EXPIRED) * stepMs;
      nonce.run(DEMO.tenant.id, randomBytes(16).toString('base64url'), new Date(expiresMs).toISOString());
      const created = new Date(expiresMs - 25 * 3_600_000).toISOString();
      record.run(DEMO.tenant.id, randomUUID(), hash, body, created, new Date(expiresMs).toISOString());
    }
  })();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-purge-'));
  try {
    const path = join(dir, 'purge.sqlite');
    const setup = openDatabase(path);
    fill(setup);
    sqliteOf(setup).$client.pragma('wal_checkpoint(TRUNCATE)');
    sqliteOf(setup).$client.close();
    const copy = join(dir, 'one-statement.sqlite');
    copyFileSync(path, copy);

    // The housekeeper's way: slice after slice, each its own short transaction.
    // WAL settings as in the api: checkpoints run beside the writes (here
    // between two slices, untimed), never inside a commit.
    const db = openDatabase(path, { migrate: false });
    sqliteOf(db).$client.pragma('wal_autocheckpoint = 16000');
    const holds: number[] = [];
    const purged = noPurges();
    const started = performance.now();
    for (;;) {
      const sliceStarted = performance.now();
      const slice = await purgeExpiredSlice(db, NOW);
      holds.push(performance.now() - sliceStarted);
      sqliteOf(db).$client.pragma('wal_checkpoint(PASSIVE)');
      if (!tallySlice(purged, slice, PURGE_SLICE_ROWS)) break;
    }
    const slicesMs = performance.now() - started;
    const slicesHeldMs = holds.reduce((sum, hold) => sum + hold, 0);
    sqliteOf(db).$client.close();

    // For scale: the same rows in one statement per table, one transaction.
    const whole = openDatabase(copy, { migrate: false });
    sqliteOf(whole).$client.pragma('wal_autocheckpoint = 16000');
    const wholeStarted = performance.now();
    sqliteOf(whole)
      .$client.transaction(() => {
        for (const table of ['signature_nonces', 'idempotency_keys'])
          sqliteOf(whole)
            .$client.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`)
            .run(NOW.toISOString());
      })
      .immediate();
    const wholeMs = performance.now() - wholeStarted;
    sqliteOf(whole).$client.close();

    const sorted = [...holds].sort((a, b) => a - b);
    const ms = (value: number) => Math.round(value * 10) / 10;
    console.log(
      `${LIVE.toLocaleString('en')} nonces and ${LIVE.toLocaleString('en')} idempotency records, ${EXPIRED.toLocaleString('en')} of each expired`,
    );
    console.table([
      {
        way: `slices of ${PURGE_SLICE_ROWS} per table`,
        'rows purged': Object.values(purged).reduce((sum, rows) => sum + rows, 0),
        transactions: holds.length,
        'longest hold ms': ms(sorted.at(-1) ?? 0),
        'p99 hold ms': ms(percentile(sorted, 99)),
        'median hold ms': ms(percentile(sorted, 50)),
        'held in all ms': ms(slicesHeldMs),
        'wall ms (with checkpoints)': ms(slicesMs),
      },
      {
        way: 'one DELETE per table',
        'rows purged': 2 * EXPIRED,
        transactions: 1,
        'longest hold ms': ms(wholeMs),
        'p99 hold ms': ms(wholeMs),
        'median hold ms': ms(wholeMs),
        'held in all ms': ms(wholeMs),
        'wall ms (with checkpoints)': ms(wholeMs),
      },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
