import { isPostgres } from './dialect.js';
import type { Executor } from './types.js';

const byConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * A Drizzle prepared statement (built with `sql.placeholder` and
 * `.prepare(name)`), run with `.execute(values)`. On SQLite it is compiled
 * once per connection and reused: building and preparing a query on every
 * call costs more than running it; a transaction's handle shares the
 * statements of its one connection. On PostgreSQL a handle is a pool or one
 * pooled connection's transaction, so the statement is built on the handle
 * it runs on, and the server keeps the plan per connection by `name`.
 * `name` must be unique per statement.
 */
export function preparedQuery<T>(db: Executor, name: string, build: (db: Executor) => T): T {
  if (isPostgres()) return build(db);
  const connection = (db as unknown as { $client: object }).$client;
  let statements = byConnection.get(connection);
  if (!statements) {
    statements = new Map();
    byConnection.set(connection, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    statements.set(name, statement);
  }
  return statement;
}
