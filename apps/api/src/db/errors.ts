/**
 * A write refused by a unique index or primary key, on either database:
 * SQLite's `SQLITE_CONSTRAINT_UNIQUE` / `SQLITE_CONSTRAINT_PRIMARYKEY`
 * ("UNIQUE constraint failed: table.column, …") or PostgreSQL's `23505`
 * (with `table` and "Key (column, …)=(…) already exists."). Drizzle wraps the
 * driver's error (`cause`), so the chain is looked through. With `table` (and
 * `columns`, the index's columns in order), only a violation of that index
 * counts.
 */
export function isUniqueViolation(
  error: unknown,
  on?: { table: string; columns?: readonly string[] },
): boolean {
  for (let e: unknown = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const found = uniqueViolationIn(e);
    if (!found) continue;
    if (!on) return true;
    if (found.table !== on.table) return false;
    return on.columns === undefined || sameColumns(found.columns, on.columns);
  }
  return false;
}

interface Violation {
  table: string | undefined;
  /** Undefined when the database did not say. */
  columns: string[] | undefined;
}

const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const PG_UNIQUE_VIOLATION = '23505';

function uniqueViolationIn(e: unknown): Violation | undefined {
  const { code, message, table, detail } = e as {
    code?: unknown;
    message?: unknown;
    table?: unknown;
    detail?: unknown;
  };
  if (typeof code !== 'string') return undefined;
  if (SQLITE_UNIQUE_CODES.has(code)) {
    // "UNIQUE constraint failed: approval_requests.transfer_id[, approval_requests.other]"
    const list = typeof message === 'string' ? /constraint failed: (.+)$/.exec(message)?.[1] : undefined;
    const qualified = list?.split(',').map((name) => name.trim().split('.')) ?? [];
    return {
      table: qualified[0]?.[0],
      columns: qualified.length > 0 ? qualified.map((parts) => parts.at(-1) ?? '') : undefined,
    };
  }
  if (code === PG_UNIQUE_VIOLATION) {
    // "Key (transfer_id)=(…) already exists."
    const list = typeof detail === 'string' ? /^Key \((.+?)\)=/.exec(detail)?.[1] : undefined;
    return {
      table: typeof table === 'string' ? table : undefined,
      columns: list?.split(',').map((name) => name.trim().replace(/^"|"$/g, '')),
    };
  }
  return undefined;
}

function sameColumns(found: string[] | undefined, wanted: readonly string[]): boolean {
  // A database that did not name the columns is taken at its table's word.
  if (found === undefined) return true;
  return found.length === wanted.length && found.every((column, i) => column === wanted[i]);
}
