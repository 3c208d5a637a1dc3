import type { Executor } from './types.js';

const byConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * A Drizzle prepared statement (built with `sql.placeholder`), compiled once
 * per connection and reused: building and preparing a query on every call
 * costs more than running it. `name` must be unique per statement; a
 * transaction's handle shares the statements of its connection.
 */
export function preparedQuery<T>(db: Executor, name: string, build: (db: Executor) => T): T {
  let statements = byConnection.get(db.$client);
  if (!statements) {
    statements = new Map();
    byConnection.set(db.$client, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    statements.set(name, statement);
  }
  return statement;
}
