/**
 * Which database this process runs on. One process speaks to one database,
 * chosen at start-up (`DATABASE_URL` set: PostgreSQL; unset: the SQLite
 * file), so the choice is the process's, not each handle's.
 */
export type Dialect = 'sqlite' | 'postgres';

let active: Dialect = 'sqlite';
const listeners: Array<(dialect: Dialect) => void> = [];

export function activeDialect(): Dialect {
  return active;
}

export function isPostgres(): boolean {
  return active === 'postgres';
}

/** Called by the database openers; the table bindings follow (db/tables.ts). */
export function selectDialect(dialect: Dialect): void {
  if (dialect === active) return;
  active = dialect;
  for (const listener of listeners) listener(dialect);
}

export function onDialectChange(listener: (dialect: Dialect) => void): void {
  listeners.push(listener);
}
