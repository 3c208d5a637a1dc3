import type { Db } from '../../db/client.js';

/**
 * A statement the console runs on every poll, built and prepared once per
 * database instead of on every call: Drizzle's query building and SQLite's
 * prepare were most of a console request's time on the api's event loop.
 */
export function preparedOncePerDb<T>(prepare: (db: Db) => T): (db: Db) => T {
  const statements = new WeakMap<Db, T>();
  return (db) => {
    let statement = statements.get(db);
    if (statement === undefined) {
      statement = prepare(db);
      statements.set(db, statement);
    }
    return statement;
  };
}
