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

/** A raw row (snake_case columns) as the Drizzle row type (camelCase keys). */
export function camelRow<T>(raw: unknown): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) out[toCamel(key)] = value;
  return out as T;
}
