import { fillPlaceholders, inArray, lte, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { accessTokens, idempotencyKeys, signatureNonces } from '../db/tables.js';
import type { Executor } from '../db/types.js';

/**
 * Tables whose rows expire: signature nonces (refused until their signature
 * expires), idempotency records (kept 25 h) and access tokens (1 h). Each is
 * read in expiry order through its `expires_at` index.
 */
export const EXPIRING_TABLES = ['signature_nonces', 'idempotency_keys', 'access_tokens'] as const;
export type ExpiringTable = (typeof EXPIRING_TABLES)[number];

const TABLES = {
  signature_nonces: signatureNonces,
  idempotency_keys: idempotencyKeys,
  access_tokens: accessTokens,
} as const;

const rowid = sql`rowid`;

function dueQuery(db: Executor, name: ExpiringTable) {
  const table = TABLES[name];
  return db
    .select({ one: sql<number>`1` })
    .from(table)
    .where(lte(table.expiresAt, sql.placeholder('cutoff')))
    .limit(1);
}

function purgeQuery(db: Executor, name: ExpiringTable) {
  const table = TABLES[name];
  const oldest = db
    .select({ rowid })
    .from(table)
    .where(lte(table.expiresAt, sql.placeholder('cutoff')))
    .orderBy(table.expiresAt)
    .limit(sql.placeholder('limit'));
  return db.delete(table).where(inArray(rowid, oldest));
}

// The housekeeper asks every interval: prepared once per connection and table.
const dueStatement = (db: Executor, name: ExpiringTable) =>
  preparedQuery(db, `expiringRows.due.${name}`, (d) => dueQuery(d, name).prepare());
const purgeStatement = (db: Executor, name: ExpiringTable) =>
  preparedQuery(db, `expiringRows.purge.${name}`, (d) => purgeQuery(d, name).prepare());

/** Whether `table` holds a row that expired at or before `cutoff` (an ISO time). */
export async function hasExpiredRows(db: Executor, name: ExpiringTable, cutoff: string): Promise<boolean> {
  return dueStatement(db, name).get({ cutoff }) !== undefined;
}

/** Deletes at most `limit` rows of `table` that expired at or before `cutoff`, the oldest first; how many went. */
export async function deleteExpiredRows(
  db: Executor,
  name: ExpiringTable,
  cutoff: string,
  limit: number,
): Promise<number> {
  return purgeStatement(db, name).run({ cutoff, limit }).changes;
}

/**
 * SQLite's query plan steps of each expiring table's two statements, for
 * the check that they read the expiry index. EXPLAIN QUERY PLAN has no
 * Drizzle form: it runs on the statements' compiled text.
 */
export async function purgeQueryPlans(
  db: Executor,
  cutoff: string,
  limit: number,
): Promise<{ table: ExpiringTable; statement: 'due' | 'purge'; steps: string[] }[]> {
  const plans = [];
  for (const table of EXPIRING_TABLES) {
    for (const [statement, query] of [
      ['due', dueQuery(db, table)],
      ['purge', purgeQuery(db, table)],
    ] as const) {
      const compiled = query.toSQL();
      const params = fillPlaceholders(compiled.params, { cutoff, limit });
      const steps = (
        db.$client.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...params) as { detail: string }[]
      ).map((row) => row.detail);
      plans.push({ table, statement, steps });
    }
  }
  return plans;
}
