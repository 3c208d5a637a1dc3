// SQLite only: the `synchronous` pragma and the writer thread. The PostgreSQL run leaves out *.sqlite.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, sqliteOf, synchronousFromEnv } from '../../src/db/client.js';
import { startWriterThread, type WriterThread } from '../../src/services/write/writer-thread.js';
import { createTestDb, type TestDb } from '../harness.js';

// SQLite's numbers for the `synchronous` pragma.
const FULL = 2;
const NORMAL = 1;

describe('hole: a 200 could be answered before the commit was on disk (synchronous = NORMAL)', () => {
  let t: TestDb | undefined;
  let thread: WriterThread | undefined;
  afterEach(async () => {
    await thread?.stop();
    thread = undefined;
    await t?.close();
    t = undefined;
  });

  it('commits client writes with synchronous = FULL by default, on the api connection and the writer thread', async () => {
    t = await createTestDb();
    expect(sqliteOf(t.db).$client.pragma('synchronous', { simple: true })).toBe(FULL);
    thread = await startWriterThread(t.db, t.path);
    await thread.ready;
    expect(thread.synchronous).toBe(FULL);
  });

  it('lets an operator trade it away explicitly (DATABASE_SYNCHRONOUS=normal), and refuses other values', async () => {
    t = await createTestDb();
    const relaxed = openDatabase(t.path, { migrate: false, synchronous: synchronousFromEnv('normal') });
    try {
      expect(sqliteOf(relaxed).$client.pragma('synchronous', { simple: true })).toBe(NORMAL);
      thread = await startWriterThread(relaxed, t.path);
      await thread.ready;
      expect(thread.synchronous).toBe(NORMAL);
    } finally {
      await thread?.stop();
      thread = undefined;
      await closeDatabase(relaxed);
    }
    expect(() => synchronousFromEnv('off')).toThrow(/DATABASE_SYNCHRONOUS/);
  });
});
