import type Database from 'better-sqlite3';
import type { Executor } from './types.js';

type Statement = Database.Statement<unknown[], unknown>;

const caches = new WeakMap<Database.Database, Map<string, Statement>>();

/**
 * The better-sqlite3 connection behind a Drizzle database or transaction.
 * Both run on the one connection; a transaction is BEGIN … COMMIT on it.
 */
export function clientOf(executor: Executor): Database.Database {
  if ('$client' in executor) return executor.$client;
  // Drizzle keeps the connection on the (internal) session of a transaction.
  return (executor as unknown as { session: { client: Database.Database } }).session.client;
}

/**
 * A prepared statement, compiled once per connection. The hot paths (create,
 * transition, journal) use these: building and preparing a query on every
 * call costs more than running it.
 */
export function prepared(executor: Executor, text: string): Statement {
  const client = clientOf(executor);
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = client.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

const camelCache = new Map<string, string>();
const snakeCache = new Map<string, string>();

export function toCamel(name: string): string {
  let out = camelCache.get(name);
  if (out === undefined) {
    out = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelCache.set(name, out);
  }
  return out;
}

export function toSnake(name: string): string {
  let out = snakeCache.get(name);
  if (out === undefined) {
    out = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(name, out);
  }
  return out;
}

type RowMapper = (raw: Record<string, unknown>) => Record<string, unknown>;
const mappers = new Map<string, RowMapper>();

/**
 * Compiles a snake_case → camelCase row copier for one set of columns; a
 * literal object of known shape is several times faster to build than one
 * grown key by key.
 */
function mapperFor(keys: string[]): RowMapper {
  const signature = keys.join(',');
  let mapper = mappers.get(signature);
  if (!mapper) {
    const body = `return {${keys.map((k) => `${JSON.stringify(toCamel(k))}: r[${JSON.stringify(k)}]`).join(',')}};`;
    mapper = new Function('r', body) as RowMapper;
    mappers.set(signature, mapper);
  }
  return mapper;
}

/** A raw row (snake_case columns) as the Drizzle row type (camelCase keys). */
export function camelRow<T>(raw: unknown): T {
  const row = raw as Record<string, unknown>;
  return mapperFor(Object.keys(row))(row) as T;
}

type ArrayMapper = (values: unknown[]) => Record<string, unknown>;
interface RowStatement {
  statement: Statement;
  map: ArrayMapper;
}
const rowStatements = new WeakMap<Database.Database, Map<string, RowStatement>>();

/**
 * A statement that returns rows as camelCase objects. It reads rows as
 * arrays and builds each object with a copier compiled from the statement's
 * columns: better-sqlite3's own object rows cost ~10 µs each at 40 columns.
 */
function rowStatement(executor: Executor, text: string): RowStatement {
  const client = clientOf(executor);
  let cache = rowStatements.get(client);
  if (!cache) {
    cache = new Map();
    rowStatements.set(client, cache);
  }
  let entry = cache.get(text);
  if (!entry) {
    const statement = client.prepare(text).raw(true);
    const names = statement.columns().map((c) => toCamel(c.name));
    const body = `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(',')}};`;
    entry = { statement, map: new Function('v', body) as ArrayMapper };
    cache.set(text, entry);
  }
  return entry;
}

/** All rows of a query (or of an INSERT/UPDATE … RETURNING), as camelCase objects. */
export function queryRows<T>(executor: Executor, text: string, ...params: unknown[]): T[] {
  const { statement, map } = rowStatement(executor, text);
  return (statement.all(...params) as unknown[][]).map((values) => map(values) as T);
}

/** The first row of a query, or undefined. */
export function queryRow<T>(executor: Executor, text: string, ...params: unknown[]): T | undefined {
  const { statement, map } = rowStatement(executor, text);
  const values = statement.get(...params) as unknown[] | undefined;
  return values === undefined ? undefined : (map(values) as T);
}
