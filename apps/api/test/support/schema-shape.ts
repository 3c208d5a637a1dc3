// The shape of a migrated database read back from the database itself (not
// from our schema objects): what the PostgreSQL/SQLite parity test compares.
import type Database from 'better-sqlite3';
import type pg from 'pg';

export interface ColumnShape {
  name: string;
  nullable: boolean;
  /** The default as written, without quotes or type casts; null when none. */
  default: string | null;
}

export interface IndexShape {
  name: string;
  unique: boolean;
  partial: boolean;
  /** Column names in order; an expression reads `<expression>`. */
  columns: string[];
}

export interface TableShape {
  columns: ColumnShape[];
  primaryKey: string[];
  indexes: IndexShape[];
  /** `column -> table.column`, sorted. */
  foreignKeys: string[];
}

export interface SchemaShape {
  tables: Record<string, TableShape>;
  /** table.column -> the database's own type name, for the type checks. */
  types: Record<string, string>;
}

const EXPRESSION = '<expression>';

function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/::[a-z ]+$/i, '').replace(/^'(.*)'$/, '$1');
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export function sqliteShape(sqlite: Database.Database): SchemaShape {
  const tables: Record<string, TableShape> = {};
  const types: Record<string, string> = {};
  const names = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  for (const table of names) {
    const info = sqlite.pragma(`table_xinfo(${table})`) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    for (const c of info) types[`${table}.${c.name}`] = c.type.toLowerCase();
    const indexList = sqlite.pragma(`index_list(${table})`) as {
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }[];
    const foreignKeys = sqlite.pragma(`foreign_key_list(${table})`) as {
      from: string;
      table: string;
      to: string;
    }[];
    tables[table] = {
      // SQLite reports a primary key column as nullable unless declared NOT NULL; it is never null in practice.
      columns: info
        .map((c) => ({
          name: c.name,
          nullable: c.notnull === 0 && c.pk === 0,
          default: normaliseDefault(c.dflt_value),
        }))
        .sort(byName),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      indexes: indexList
        .filter((i) => i.origin !== 'pk')
        .map((i) => ({
          name: i.name,
          unique: i.unique === 1,
          partial: i.partial === 1,
          columns: (sqlite.pragma(`index_info(${i.name})`) as { seqno: number; name: string | null }[])
            .sort((a, b) => a.seqno - b.seqno)
            .map((c) => c.name ?? EXPRESSION),
        }))
        .sort(byName),
      foreignKeys: foreignKeys.map((f) => `${f.from} -> ${f.table}.${f.to}`).sort(),
    };
  }
  return { tables, types };
}

export async function postgresShape(client: pg.Client | pg.Pool): Promise<SchemaShape> {
  const tables: Record<string, TableShape> = {};
  const types: Record<string, string> = {};
  const columns = await client.query<{
    table_name: string;
    column_name: string;
    is_nullable: 'YES' | 'NO';
    column_default: string | null;
    data_type: string;
  }>(
    `SELECT table_name, column_name, is_nullable, column_default, data_type
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  for (const c of columns.rows) {
    tables[c.table_name] ??= { columns: [], primaryKey: [], indexes: [], foreignKeys: [] };
    tables[c.table_name]?.columns.push({
      name: c.column_name,
      nullable: c.is_nullable === 'YES',
      default: normaliseDefault(c.column_default),
    });
    types[`${c.table_name}.${c.column_name}`] = c.data_type;
  }
  const indexes = await client.query<{
    table_name: string;
    name: string;
    unique: boolean;
    primary: boolean;
    partial: boolean;
    columns: string[];
    expressions: boolean[];
  }>(
    `SELECT t.relname AS table_name, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            x.indpred IS NOT NULL AS partial,
            ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS columns,
            ARRAY(SELECT x.indkey[k - 1] = 0 FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS expressions
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public'`,
  );
  for (const i of indexes.rows) {
    const table = tables[i.table_name];
    if (!table) continue;
    const names = i.columns.map((c, k) => (i.expressions[k] ? EXPRESSION : c.replace(/^"(.*)"$/, '$1')));
    if (i.primary) table.primaryKey = names;
    else table.indexes.push({ name: i.name, unique: i.unique, partial: i.partial, columns: names });
  }
  const foreignKeys = await client.query<{ table_name: string; fk: string }>(
    `SELECT src.relname AS table_name,
            a.attname || ' -> ' || dst.relname || '.' || b.attname AS fk
       FROM pg_constraint c
       JOIN pg_class src ON src.oid = c.conrelid
       JOIN pg_class dst ON dst.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = src.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
       JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = ANY (c.confkey)
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  for (const f of foreignKeys.rows) tables[f.table_name]?.foreignKeys.push(f.fk);
  for (const table of Object.values(tables)) {
    table.columns.sort(byName);
    table.indexes.sort(byName);
    table.foreignKeys.sort();
  }
  return { tables, types };
}
