import type { Direction, SortField } from '@tbo/contracts';
import {
  and,
  eq,
  exists,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { accountTransfers, custodianExceptions, securitiesTransfers } from '../db/tables.js';
import type { Executor } from '../db/types.js';
import { addCalendarDays } from '../domain/calendar.js';
import { findTenantOfAccount, findTenantOfUser } from './account-lookup.js';

export type ConsoleTransferTable = typeof securitiesTransfers | typeof accountTransfers;

/** What the console's transfer list may be narrowed by (the service validates it first). */
export interface ConsoleTransferQuery {
  kind: 'SECURITIES' | 'ACCOUNT';
  sort: SortField;
  tenant_id?: string | undefined;
  direction?: Direction | undefined;
  status?: string | undefined;
  user_id?: string | undefined;
  account_id?: string | undefined;
  isin?: string | undefined;
  counterparty_bic?: string | undefined;
  settlement_reference?: string | undefined;
  created_from?: string | undefined;
  /** Inclusive. */
  created_to?: string | undefined;
  deadline?: 'ON_TRACK' | 'AT_RISK' | 'OVERDUE' | undefined;
  cancellation_pending?: boolean | undefined;
  open_exception?: boolean | undefined;
  custodian_status?: string | undefined;
  parked?: boolean | undefined;
}

/** The dates the deadline filter compares due dates with: overdue before `today`, at risk up to `riskLimit`. */
export interface DeadlineDates {
  today: string;
  riskLimit: string;
}

/**
 * How one list query reaches its rows. Each `access` branch holds only
 * terms an index answers in the list's order (equality on the index's
 * leading columns, then a range on the sort column), so walking it is a
 * range scan that stops at the page; branches (the two directions, the two
 * open statuses) are walked alike and merged; `residual` is checked on the
 * rows that walk yields, at most a bounded window of them per page
 * (console-transfer-list.ts). `empty` when a filter names something that
 * cannot exist (an unknown account).
 */
export interface AccessPath {
  table: ConsoleTransferTable;
  sortColumn: ConsoleTransferTable['createdAt'] | ConsoleTransferTable['updatedAt'];
  /** One or more index ranges, each in list order; several are merged (e.g. both directions). */
  access: (SQL | undefined)[];
  residual: SQL | undefined;
  empty: boolean;
}

/**
 * Case-insensitive prefix as a range of the `lower(column)` index (LIKE would
 * not use it, and Drizzle has no form for an expression index's term).
 */
export function lowerPrefix(column: SQL, prefix: string): SQL {
  const low = prefix.toLowerCase();
  return sql`(lower(${column}) >= ${low} AND lower(${column}) < ${`${low}\u{10ffff}`})`;
}

const OPEN_STATUSES = ['NEW', 'PROCESSING'] as const;
const DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;

function deadlineTerm(deadline: NonNullable<ConsoleTransferQuery['deadline']>, dates: DeadlineDates): SQL {
  const due = securitiesTransfers.dueDate;
  if (deadline === 'OVERDUE') return lt(due, dates.today);
  if (deadline === 'AT_RISK') return and(gte(due, dates.today), lte(due, dates.riskLimit)) as SQL;
  return or(isNull(due), gt(due, dates.riskLimit)) as SQL;
}

function whyStuckTerms(db: Executor, f: ConsoleTransferQuery, dates: DeadlineDates): SQL[] {
  const t = securitiesTransfers;
  const terms: SQL[] = [inArray(t.status, [...OPEN_STATUSES])];
  if (f.deadline) terms.push(deadlineTerm(f.deadline, dates));
  if (f.cancellation_pending) terms.push(isNotNull(t.cancellationRequestedAt));
  if (f.parked) terms.push(isNotNull(t.parkedAt));
  if (f.custodian_status) {
    const prefix = f.custodian_status.toUpperCase();
    // substr, not LIKE (which Drizzle has): the typed prefix's `%` and `_` match only themselves.
    terms.push(sql`substr(${t.custodianStatus}, 1, ${prefix.length}) = ${prefix}`);
  }
  if (f.open_exception) {
    terms.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(custodianExceptions)
          .where(and(eq(custodianExceptions.transferId, t.id), isNull(custodianExceptions.resolvedAt))),
      ),
    );
  }
  return terms.length > 1 ? terms : [];
}

function isinTerm(db: Executor, f: ConsoleTransferQuery, isin: string): SQL {
  const wanted = isin.trim().toUpperCase();
  if (f.kind === 'SECURITIES') return eq(securitiesTransfers.isin, wanted);
  return exists(
    db
      .select({ one: sql`1` })
      .from(securitiesTransfers)
      .where(
        and(
          eq(securitiesTransfers.accountTransferId, accountTransfers.id),
          eq(securitiesTransfers.isin, wanted),
        ),
      ),
  );
}

/** Picks the index the page walks and splits the filters into access and residual terms. */
export async function accessPathFor(
  db: Executor,
  f: ConsoleTransferQuery,
  dates: DeadlineDates,
): Promise<AccessPath> {
  const table: ConsoleTransferTable = f.kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
  const byCreated = f.sort === 'created_at';
  const sortColumn = byCreated ? table.createdAt : table.updatedAt;
  const created: SQL[] = [];
  if (f.created_from) created.push(gte(table.createdAt, f.created_from));
  if (f.created_to) created.push(lt(table.createdAt, addCalendarDays(f.created_to, 1)));

  // Every term, keyed so the chosen path can take its own out of the residual.
  const terms = new Map<string, SQL>();
  if (f.tenant_id) terms.set('tenant', eq(table.tenantId, f.tenant_id));
  if (f.direction) terms.set('direction', eq(table.direction, f.direction));
  if (f.status) terms.set('status', eq(table.status, f.status));
  if (f.user_id) terms.set('user', eq(table.userId, f.user_id));
  if (f.account_id) terms.set('account', eq(table.accountId, f.account_id));
  if (f.isin) terms.set('isin', isinTerm(db, f, f.isin));
  if (f.counterparty_bic) terms.set('bic', eq(table.counterpartyBic, f.counterparty_bic.toUpperCase()));
  if (f.settlement_reference)
    terms.set('reference', lowerPrefix(sql`${table.settlementReference}`, f.settlement_reference));
  if (f.kind === 'SECURITIES') {
    const stuck = whyStuckTerms(db, f, dates);
    if (stuck.length > 0) terms.set('stuck', and(...stuck) as SQL);
  }

  /** `keys` are answered by the index; `branches` (each merged) add their own equality terms. */
  const path = (keys: string[], branches: SQL[][] = [[]]): AccessPath => {
    const shared = [...keys.map((k) => terms.get(k) as SQL), ...(byCreated ? created : [])];
    const rest = [...terms.entries()].filter(([k]) => !keys.includes(k)).map(([, term]) => term);
    if (!byCreated) rest.push(...created);
    return {
      table,
      sortColumn,
      access: branches.map((extra) => and(...shared, ...extra)),
      residual: rest.length > 0 ? and(...rest) : undefined,
      empty: false,
    };
  };
  const eachDirection = DIRECTIONS.map((d) => [eq(table.direction, d)]);

  if (!byCreated) {
    // st_list_updated_idx / at_list_updated_idx per direction, else the console's updated_at index.
    if (f.tenant_id && f.direction) return path(['tenant', 'direction']);
    return f.tenant_id ? path(['tenant'], eachDirection) : path([]);
  }
  if (f.account_id || f.user_id) {
    // (tenant_id, account_id|user_id, created_at): the id names its tenant.
    const tenantId = f.account_id
      ? await findTenantOfAccount(db, f.account_id)
      : await findTenantOfUser(db, f.user_id ?? '');
    if (tenantId === undefined || (f.tenant_id && f.tenant_id !== tenantId)) {
      return { ...path([]), empty: true };
    }
    return path([f.account_id ? 'account' : 'user'], [[eq(table.tenantId, tenantId)]]);
  }
  if (f.isin && f.kind === 'SECURITIES') return path(['isin']);
  if (f.counterparty_bic) return path(['bic']);
  if (f.tenant_id) {
    // (tenant_id, direction[, status], created_at, id): both directions merged when none is chosen.
    const keys = ['tenant', ...(f.status ? ['status'] : [])];
    return f.direction ? path([...keys, 'direction']) : path(keys, eachDirection);
  }
  if (f.status) return path(['status']);
  // The why-stuck filters only match open transfers: the NEW and PROCESSING ranges of the status index.
  if (terms.has('stuck'))
    return path(
      [],
      OPEN_STATUSES.map((s) => [eq(table.status, s)]),
    );
  return path([]);
}
