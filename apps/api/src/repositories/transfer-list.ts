import { createHash } from 'node:crypto';
import type { DeadlineState, Direction, SortField, SortOrder, StatusReasonCode } from '@tbo/contracts';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { accountTransfers, securitiesTransfers } from '../db/tables.js';
import type { AccountTransferRow, Executor, SecuritiesTransferRow, TransferKind } from '../db/types.js';
import { deadlineStateCondition, statusReasonCondition } from './transfer-list-filters.js';

export type TransferListFilters = {
  direction: Direction;
  sort: SortField;
  order: SortOrder;
  offset: number;
  limit: number;
  user_id?: string | undefined;
  account_id?: string | undefined;
  account_group_id?: string | undefined;
  status?: string | undefined;
  deadline_state?: DeadlineState | undefined;
  status_reason?: StatusReasonCode | undefined;
};

type RowOf<K extends TransferKind> = K extends 'SECURITIES_TRANSFER'
  ? SecuritiesTransferRow
  : AccountTransferRow;

// Read at each call: the table bindings follow the database the process opened (db/tables.ts).
const tableOf = (kind: TransferKind) =>
  kind === 'SECURITIES_TRANSFER' ? securitiesTransfers : accountTransfers;

const OPTIONAL_FILTERS = ['status', 'user_id', 'account_id', 'account_group_id'] as const;

type Shape = { kind: TransferKind; filters: TransferListFilters };

/**
 * The WHERE of a list; which filters are set (and the enum values of the
 * derived ones) make up the statement's name, the other values are placeholders.
 */
function where({ kind, filters: f }: Shape): { name: string; condition: SQL | undefined } {
  const table = tableOf(kind);
  const columns = {
    status: table.status,
    user_id: table.userId,
    account_id: table.accountId,
    account_group_id: table.accountGroupId,
  };
  const conditions: (SQL | undefined)[] = [
    eq(table.tenantId, sql.placeholder('tenantId')),
    eq(table.direction, sql.placeholder('direction')),
  ];
  let name = kind;
  for (const field of OPTIONAL_FILTERS) {
    if (f[field] === undefined) continue;
    conditions.push(eq(columns[field], sql.placeholder(field)));
    name += `|${field}`;
  }
  if (f.deadline_state !== undefined) {
    conditions.push(deadlineStateCondition(kind, f.deadline_state));
    name += `|deadline=${f.deadline_state}`;
  }
  if (f.status_reason !== undefined) {
    conditions.push(statusReasonCondition(kind, f.status_reason));
    name += `|reason=${f.status_reason}`;
  }
  return { name, condition: and(...conditions) };
}

/**
 * A statement's name as PostgreSQL keeps it: the server cuts names at 63 bytes, and two
 * statements whose names differ only beyond that would collide on a connection; a long
 * name keeps its head and ends in a digest of the whole.
 */
function pgStatementName(name: string): string {
  if (Buffer.byteLength(name) <= 63) return name;
  let short = shortNames.get(name);
  if (short === undefined) {
    short = `${name.slice(0, 30)}#${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
    shortNames.set(name, short);
  }
  return short;
}
const shortNames = new Map<string, string>();

function params(tenantId: string, f: TransferListFilters): Record<string, string | number> {
  const values: Record<string, string | number> = { tenantId, direction: f.direction };
  for (const field of OPTIONAL_FILTERS) {
    const value = f[field];
    if (value !== undefined) values[field] = value;
  }
  return values;
}

/**
 * One page of rows in the requested order, with the id as a stable tie-break
 * in the same direction. Served by the (tenant, direction, [status,] sort, id)
 * indexes, so a page costs the same at any table size.
 */
export async function listTransferPage<K extends TransferKind>(
  db: Executor,
  kind: K,
  tenantId: string,
  f: TransferListFilters,
): Promise<RowOf<K>[]> {
  const { name, condition } = where({ kind, filters: f });
  const table = tableOf(kind);
  const column = f.sort === 'updated_at' ? table.updatedAt : table.createdAt;
  const order = f.order === 'DESC' ? desc : asc;
  const statementName = pgStatementName(`transfers.list:${name}|${f.sort}|${f.order}`);
  const statement = preparedQuery(db, statementName, (d) =>
    d
      .select()
      .from(table as typeof securitiesTransfers)
      .where(condition)
      .orderBy(order(column), order(table.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(statementName),
  );
  return (await statement.execute({
    ...params(tenantId, f),
    limit: f.limit,
    offset: f.offset,
  })) as RowOf<K>[];
}

/** How many rows of `kind` the filters select (an indexed count). */
export async function countTransfers(
  db: Executor,
  kind: TransferKind,
  tenantId: string,
  f: TransferListFilters,
): Promise<number> {
  const { name, condition } = where({ kind, filters: f });
  const statementName = pgStatementName(`transfers.count:${name}`);
  const statement = preparedQuery(db, statementName, (d) =>
    d
      .select({ total: sql<number>`count(*)` })
      .from(tableOf(kind) as typeof securitiesTransfers)
      .where(condition)
      .prepare(statementName),
  );
  return Number((await first(statement.execute(params(tenantId, f))))?.total ?? 0);
}
