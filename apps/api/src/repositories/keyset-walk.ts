import { type AnyColumn, asc, desc, type SQL, sql } from 'drizzle-orm';

/**
 * The SQL side of the console's keyset paging: where a walk starts and in
 * which order it reads. The paging itself (cursors, direction, what a page
 * shows) is services/admin/keyset-page.ts.
 */
export type KeyValue = string | number;

export interface KeysetOrder<T> {
  /** Sort columns, the last one unique; all sorted `direction`. */
  columns: AnyColumn[];
  direction: 'ASC' | 'DESC';
  keyOf: (row: T) => KeyValue[];
}

/** What one walk needs: where to start (a row-value comparison SQLite seeks by), the order, how many. */
export interface KeysetWalk {
  /** Undefined on the first page. */
  from: SQL | undefined;
  orderBy: SQL[];
  /** One more than the page, to know whether another follows. */
  take: number;
}

/** The walk over `columns` from `cursor` (exclusive), ascending or not. */
export function keysetWalk(
  columns: AnyColumn[],
  ascending: boolean,
  cursor: KeyValue[] | undefined,
  take: number,
): KeysetWalk {
  const row = sql.join(columns, sql`, `);
  const values =
    cursor &&
    sql.join(
      cursor.map((v) => sql`${v}`),
      sql`, `,
    );
  // A row-value comparison: Drizzle has no form for it, and both databases seek the index by it
  // (PostgreSQL types each bound value by its column).
  const from = values && (ascending ? sql`(${row}) > (${values})` : sql`(${row}) < (${values})`);
  const dir = ascending ? asc : desc;
  return { from, orderBy: columns.map((c) => dir(c)), take };
}
