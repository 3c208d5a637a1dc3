import { TRPCError } from '@trpc/server';
import { asc, eq } from 'drizzle-orm';
import type pg from 'pg';
import { type Db, sqliteOf } from '../src/db/client.js';
import { isPostgres } from '../src/db/dialect.js';
import type { PgDb } from '../src/db/pg-client.js';
import { first } from '../src/db/query.js';
import { outboxEvents, securitiesTransfers, transferHistory } from '../src/db/tables.js';
import { asAppError, toProblem } from '../src/domain/problem.js';

/** What a transfer's history and outbox hold, in order: the audit checks of the tests. */
export async function historyOf(db: Db, transferId: string) {
  return db
    .select()
    .from(transferHistory)
    .where(eq(transferHistory.transferId, transferId))
    .orderBy(asc(transferHistory.id));
}

export async function eventsOf(db: Db, objectId: string) {
  return db
    .select()
    .from(outboxEvents)
    .where(eq(outboxEvents.objectId, objectId))
    .orderBy(asc(outboxEvents.seq));
}

export async function rowOf(db: Db, id: string) {
  const row = await first(db.select().from(securitiesTransfers).where(eq(securitiesTransfers.id, id)));
  if (!row) throw new Error(`no securities transfer ${id}`);
  return row;
}

/** The problem+json a failed call would answer with over HTTP. */
export function problemOf(error: unknown) {
  // An internal TRPCError stays wrapped: asAppError then tells a broken output (500) from a bad input (400).
  const cause =
    error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR' ? (error.cause ?? error) : error;
  return toProblem(asAppError(cause), 'test-request');
}

/*
 * Raw SQL for tests, on whichever database the test runs on.
 *
 * `sqlRows(db, text, ...params)` answers every row, `sqlRow` the first (or
 * undefined), `sqlRun` runs a statement and answers how many rows it changed.
 * `text` uses `?` placeholders and must be SQL both engines accept (no
 * `julianday`, `strftime`, `json_extract`, `ifnull`, `INSERT OR IGNORE`...).
 *
 * On SQLite they go through the connection (`prepare(text).all/get/run`). On
 * PostgreSQL the placeholders become `$1…$n` and the statement runs on the
 * pool; the values come back as SQLite would show them, so one assertion
 * holds on both: integers (bigint and `count(*)` included) and floats as
 * numbers, booleans as 1/0, instants (timestamptz) as ISO text
 * `2026-03-02T09:00:00.000Z`; numeric (quantities), dates and JSON stay text.
 * Booleans bound as parameters may be given as 1/0 (PostgreSQL reads '1'/'0').
 */
export async function sqlRows<T = Record<string, unknown>>(
  db: Db,
  text: string,
  ...params: unknown[]
): Promise<T[]> {
  if (isPostgres()) return (await pgQuery(db, text, params)).rows as T[];
  return sqliteOf(db)
    .$client.prepare(text)
    .all(...params) as T[];
}

export async function sqlRow<T = Record<string, unknown>>(
  db: Db,
  text: string,
  ...params: unknown[]
): Promise<T | undefined> {
  if (isPostgres()) return (await pgQuery(db, text, params)).rows[0] as T | undefined;
  return sqliteOf(db)
    .$client.prepare(text)
    .get(...params) as T | undefined;
}

export async function sqlRun(db: Db, text: string, ...params: unknown[]): Promise<number> {
  if (isPostgres()) return (await pgQuery(db, text, params)).rowCount ?? 0;
  return sqliteOf(db)
    .$client.prepare(text)
    .run(...params).changes;
}

/**
 * The application's tables, by name in binary order, as the migrations made
 * them (SQLite's `__drizzle_migrations` among them; PostgreSQL keeps its
 * journal in the `drizzle` schema, outside the list).
 */
export async function tableNames(db: Db): Promise<string[]> {
  const rows = await sqlRows<{ name: string }>(
    db,
    isPostgres()
      ? `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  return rows.map((r) => r.name);
}

/** The node-postgres pool behind a PostgreSQL handle. */
export function pgPoolOf(db: Db): pg.Pool {
  if (!isPostgres()) throw new Error('this handle is not a PostgreSQL one');
  return (db as unknown as PgDb).$client;
}

function pgQuery(db: Db, text: string, params: unknown[]) {
  return pgPoolOf(db).query({ text: numberedPlaceholders(text), values: params, types: SQLITE_LIKE_TYPES });
}

/** `?` → `$1…$n`, outside quoted strings and identifiers. */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  let quote: string | undefined;
  let out = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

// PostgreSQL type OIDs (pg_type) whose text the helpers turn into SQLite's values.
const INTEGER_OIDS = new Set([20, 21, 23, 26]); // int8, int2, int4, oid
const FLOAT_OIDS = new Set([700, 701]); // float4, float8
const BOOL_OID = 16;
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;

function isoInstant(value: string, zone: string): string {
  const iso = `${value.replace(' ', 'T')}${zone}`.replace(/([+-]\d\d)$/, '$1:00');
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`unreadable timestamp from PostgreSQL: ${value}`);
  return at.toISOString();
}

const SQLITE_LIKE_TYPES = {
  getTypeParser(oid: number): (value: string) => unknown {
    if (INTEGER_OIDS.has(oid) || FLOAT_OIDS.has(oid)) return Number;
    if (oid === BOOL_OID) return (value) => (value === 't' ? 1 : 0);
    if (oid === TIMESTAMPTZ_OID) return (value) => isoInstant(value, '');
    if (oid === TIMESTAMP_OID) return (value) => isoInstant(value, 'Z');
    return (value) => value;
  },
} as unknown as pg.CustomTypesConfig;
