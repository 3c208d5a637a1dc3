import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { startWalCheckpointer } from './checkpointer.js';
import { sqliteOf } from './client.js';

describe('WAL checkpoints on a worker thread', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('copies committed pages into the database file without the api connection checkpointing', async () => {
    const checkpointer = startWalCheckpointer(t.db, t.path, 20);
    sqliteOf(t.db).$client.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(t.path).size;
    const insert = sqliteOf(t.db).$client.prepare(
      'INSERT INTO transfer_history (tenant_id, transfer_kind, transfer_id, actor, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // Far below the safety-net threshold, so the api connection never checkpoints itself.
    for (let i = 0; i < 300; i++)
      insert.run('t', 'SECURITIES_TRANSFER', `id-${i}`, 'test', 'x'.repeat(2000), 'now');
    expect(sqliteOf(t.db).$client.pragma('wal_autocheckpoint', { simple: true })).toBe(16000);
    const deadline = Date.now() + 10_000;
    while (statSync(t.path).size <= before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(statSync(t.path).size).toBeGreaterThan(before + 300 * 2000);
    await checkpointer.stop();
  });
});
