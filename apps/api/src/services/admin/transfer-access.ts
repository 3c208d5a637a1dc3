import { and, eq, exists, gte, inArray, isNotNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  accounts,
  accountTransfers,
  custodianExceptions,
  securitiesTransfers,
  users,
} from '../../db/schema/index.js';
import { addCalendarDays } from '../../domain/calendar.js';
import { invalidField } from '../../domain/errors.js';
import { AT_RISK_DAYS } from './deadline-state.js';
import { type AdminTransferView, hasWhyStuckFilter } from './transfer-filters.js';

export type TransferTable = typeof securitiesTransfers | typeof accountTransfers;

/**
 * How one list query reaches its rows. Each `access` branch holds only
 * terms an index answers in the list's order (equality on the index's
 * leading columns, then a range on the sort column), so walking it is a
 * range scan that stops at the page; branches (the two directions, the two
 * open statuses) are walked alike and merged; `residual` is checked on the rows that walk yields, at most a
 * bounded window of them per page (transfer-list.ts). `empty` when a filter
 * names something that cannot exist (an unknown account).
 */
export interface AccessPath {
  table: TransferTable;
  sortColumn: TransferTable['createdAt'] | TransferTable['updatedAt'];
  /** One or more index ranges, each in list order; several are merged (e.g. both directions). */
  access: (SQL | undefined)[];
  residual: SQL | undefined;
  empty: boolean;
}

/** Case-insensitive prefix as a range of the `lower(column)` index (LIKE would not use it). */
export function lowerPrefix(column: SQL, prefix: string): SQL {
  const low = prefix.toLowerCase();
  return sql`(lower(${column}) >= ${low} AND lower(${column}) < ${`${low}\u{10ffff}`})`;
}

const OPEN_STATUSES = ['NEW', 'PROCESSING'] as const;
const DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;

function deadlineTerm(deadline: NonNullable<AdminTransferView['deadline']>, today: string): SQL | undefined {
  const due = securitiesTransfers.dueDate;
  const riskLimit = addCalendarDays(today, AT_RISK_DAYS);
  if (deadline === 'OVERDUE') return lt(due, today);
  if (deadline === 'AT_RISK') return and(gte(due, today), lte(due, riskLimit));
  return sql`(${due} IS NULL OR ${due} > ${riskLimit})`;
}

function whyStuckTerms(f: AdminTransferView, today: string): SQL[] {
  const t = securitiesTransfers;
  const terms: SQL[] = [inArray(t.status, [...OPEN_STATUSES])];
  if (f.deadline) terms.push(deadlineTerm(f.deadline, today) as SQL);
  if (f.cancellation_pending) terms.push(isNotNull(t.cancellationRequestedAt));
  if (f.parked) terms.push(isNotNull(t.parkedAt));
  if (f.custodian_status) {
    const prefix = f.custodian_status.toUpperCase();
    terms.push(sql`substr(${t.custodianStatus}, 1, ${prefix.length}) = ${prefix}`);
  }
  if (f.open_exception) {
    terms.push(
      sql`EXISTS (SELECT 1 FROM ${custodianExceptions} WHERE ${custodianExceptions.transferId} = ${t.id} AND ${custodianExceptions.resolvedAt} IS NULL)`,
    );
  }
  return terms.length > 1 ? terms : [];
}

function isinTerm(db: Db, f: AdminTransferView, isin: string): SQL {
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

/** A user's or account's tenant, so the tenant-led indexes answer "all transfers of this user". */
function tenantOfUser(db: Db, userId: string): string | undefined {
  return db.select({ tenantId: users.tenantId }).from(users).where(eq(users.id, userId)).get()?.tenantId;
}

function tenantOfAccount(db: Db, accountId: string): string | undefined {
  return db.select({ tenantId: accounts.tenantId }).from(accounts).where(eq(accounts.id, accountId)).get()
    ?.tenantId;
}

/** Picks the index the page walks and splits the filters into access and residual terms. */
export function accessPathFor(db: Db, f: AdminTransferView, today: string): AccessPath {
  if (f.kind !== 'SECURITIES' && hasWhyStuckFilter(f)) {
    throw invalidField(
      'kind',
      'must be SECURITIES with the why-stuck filters (only securities transfers carry them)',
    );
  }
  const table: TransferTable = f.kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
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
    const stuck = whyStuckTerms(f, today);
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
    const tenantId = f.account_id ? tenantOfAccount(db, f.account_id) : tenantOfUser(db, f.user_id ?? '');
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
