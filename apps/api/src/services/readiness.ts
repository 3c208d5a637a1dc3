import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import { migrationsFolder } from '../db/client.js';
import { newestAppliedMigration, pingDatabase } from '../repositories/store-figures.js';
import type { WritePort } from './write/port.js';

/** How long the writer thread may take to answer before the api is not ready. */
export const WRITE_PATH_TIMEOUT_MS = 2_000;

export type ReadinessCheck = 'database' | 'migrations' | 'write_path';

export interface ReadinessReport {
  ready: boolean;
  /** Per check: `ok`, or why it does not hold. */
  checks: Record<ReadinessCheck, string>;
}

let latestMigration: number | undefined;

/** When the newest committed migration was generated: what a migrated database has recorded last. */
function newestCommittedMigration(): number {
  if (latestMigration === undefined) {
    const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: { when: number }[];
    };
    latestMigration = Math.max(...journal.entries.map((entry) => entry.when));
  }
  return latestMigration;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function checkMigrations(db: Db): Promise<string> {
  const applied = await newestAppliedMigration(db);
  const committed = newestCommittedMigration();
  if (applied < committed)
    return `the newest migration (${committed}) is not applied; the database is at ${applied}`;
  return 'ok';
}

async function checkWritePath(writes: WritePort): Promise<string> {
  try {
    await writes.ping(WRITE_PATH_TIMEOUT_MS);
    return 'ok';
  } catch (error) {
    return reason(error);
  }
}

/**
 * Whether this process can serve: its database answers, carries every
 * committed migration, and the path client writes take is alive.
 */
export async function checkReadiness(db: Db, writes: WritePort): Promise<ReadinessReport> {
  let database = 'ok';
  let migrations = 'not checked: the database does not answer';
  try {
    await pingDatabase(db);
  } catch (error) {
    database = reason(error);
  }
  if (database === 'ok') {
    try {
      migrations = await checkMigrations(db);
    } catch (error) {
      migrations = reason(error);
    }
  }
  const writePath =
    database === 'ok' ? await checkWritePath(writes) : 'not checked: the database does not answer';
  const checks = { database, migrations, write_path: writePath };
  return { ready: Object.values(checks).every((value) => value === 'ok'), checks };
}
