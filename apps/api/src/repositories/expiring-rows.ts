import { fillPlaceholders, inArray, lte, sql } from 'drizzle-orm';
import { sqliteOf } from '../db/client.js';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { changedRows, first } from '../db/query.js';
import { accessTokens, idempotencyKeys, signatureNonces } from '../db/tables.js';
import type { Executor } from '../db/types.js';

/**
 * Tables whose rows expire: signature nonces (refused until their signature
 * expires), idempotency records (kept 25 h) and access tokens (1 h). Each is
 * read in expiry order through its `expires_at` index.
 */
export const EXPIRING_TABLES = ['signature_nonces', 'idempotency_keys', 'access_tokens'] as const;
export type ExpiringTable = (typeof EXPIRING_TABLES)[number];

// Looked up when a statement is built: the tables are bound when the database opens.
function tableOf(name: ExpiringTable) {
  switch (name) {
    case 'signature_nonces':
      return signatureNonces;
    case 'idempotency_keys':
      return idempotencyKeys;
    case 'access_tokens':
      return accessTokens;
  }
}

/**
 * The row's physical address, which every table has: SQLite's rowid,
 * PostgreSQL's ctid. Neither has `DELETE … LIMIT` in common, so a purge
 * deletes the rows a limited subquery names by it.
 */
const rowAddress = () => (isPostgres() ? sql`ctid` : sql`rowid`);

function dueQuery(db: Executor, name: ExpiringTable) {
  const table = tableOf(name);
  return db
    .select({ one: sql<number>`1` })
    .from(table)
    .where(lte(table.expiresAt, sql.placeholder('cutoff')))
    .limit(1);
}

function purgeQuery(db: Executor, name: ExpiringTable) {
  const table = tableOf(name);
  const rowid = rowAddress();
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
  preparedQuery(db, `expiringRows.due.${name}`, (d) => dueQuery(d, name).prepare(`expiringRows.due.${name}`));
const purgeStatement = (db: Executor, name: ExpiringTable) =>
  preparedQuery(db, `expiringRows.purge.${name}`, (d) =>
    purgeQuery(d, name).prepare(`expiringRows.purge.${name}`),
  );

/** Whether `table` holds a row that expired at or before `cutoff` (an ISO time). */
export async function hasExpiredRows(db: Executor, name: ExpiringTable, cutoff: string): Promise<boolean> {
  return (await first(dueStatement(db, name).execute({ cutoff }))) !== undefined;
}

/** Deletes at most `limit` rows of `table` that expired at or before `cutoff`, the oldest first; how many went. */
export async function deleteExpiredRows(
  db: Executor,
  name: ExpiringTable,
  cutoff: string,
  limit: number,
): Promise<number> {
  return changedRows(await purgeStatement(db, name).execute({ cutoff, limit }));
}

/**
 * SQLite's query plan steps of each expiring table's two statements, for
 * the check that they read the expiry index. EXPLAIN QUERY PLAN has no
 * Drizzle form: it runs on the statements' compiled text. SQLite only.
 */
export async function purgeQueryPlans(
  db: Executor,
  cutoff: string,
  limit: number,
): Promise<{ table: ExpiringTable; statement: 'due' | 'purge'; steps: string[] }[]> {
  const client = sqliteOf(db).$client;
  const plans = [];
  for (const table of EXPIRING_TABLES) {
    for (const [statement, query] of [
      ['due', dueQuery(db, table)],
      ['purge', purgeQuery(db, table)],
    ] as const) {
      const compiled = query.toSQL();
      const params = fillPlaceholders(compiled.params, { cutoff, limit });
      const steps = (
        client.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...params) as { detail: string }[]
      ).map((row) => row.detail);
      plans.push({ table, statement, steps });
    }
  }
  return plans;
}
