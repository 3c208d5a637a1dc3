import { customType, numeric } from 'drizzle-orm/pg-core';

// PostgreSQL prints a timestamptz as `2026-12-04 14:39:19.123+00`; JavaScript
// reads it only in the ISO shape `2026-12-04T14:39:19.123+00:00`.
function isoFromPostgres(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`unreadable timestamptz from PostgreSQL: ${value}`);
  return at.toISOString();
}

/**
 * An instant, stored as `timestamptz` with milliseconds and read back as the
 * ISO 8601 UTC text the SQLite schema holds (`2026-12-04T14:39:19.123Z`): rows
 * have the same types on both databases, and a value read and written back
 * (an optimistic version such as `updated_at`) compares equal.
 */
export const instant = customType<{ data: string; driverData: string | Date }>({
  dataType: () => 'timestamp (3) with time zone',
  toDriver: (value) => value,
  fromDriver: isoFromPostgres,
});

/**
 * A quantity: `numeric` without a fixed scale, so it keeps every digit it is
 * given; node-postgres hands it over as text, never as a binary float. Values
 * computed in SQL keep the larger scale of their operands (`1.50`), so
 * whatever reads one canonicalises it as the SQLite path does.
 */
export const quantity = () => numeric({ mode: 'string' });

/**
 * A JSON document stored as `jsonb` (so SQL can query into it) and read and
 * written as JSON text, the type the SQLite schema's `text` column has: the
 * code that encodes and decodes it is the same on both databases. jsonb keeps
 * arrays in order; an object's keys come back in jsonb's own order.
 */
export const jsonDocument = customType<{ data: string; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => value,
  fromDriver: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
});
