import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { accountTransfers, securitiesTransfers } from '../db/tables.js';
import type { AccountTransferRow, Executor, SecuritiesTransferRow } from '../db/types.js';

type Column = keyof typeof securitiesTransfers.$inferInsert;
type Value = string | number | null;

/** Every column a new transfer sets; the others take their defaults, which the caller's row repeats. */
const INSERTED: readonly Column[] = [
  'id',
  'tenantId',
  'direction',
  'status',
  'transferType',
  'userId',
  'accountId',
  'accountGroupId',
  'settlementReference',
  'counterpartyBic',
  'counterpartyAccountNumber',
  'counterpartyName',
  'tradeDate',
  'settlementDate',
  'createdAt',
  'updatedAt',
  'accountTransferId',
  'positionInParent',
  'isin',
  'instrumentIdType',
  'quantity',
  'placeOfSettlement',
  'dueDate',
];

const insertSecuritiesStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.insertSecurities', (d) =>
    d
      .insert(securitiesTransfers)
      .values(
        Object.fromEntries(
          INSERTED.map((column) => [column, sql.placeholder(column)]),
        ) as unknown as typeof securitiesTransfers.$inferInsert,
      )
      .prepare(),
  );

/** Inserts `row` as built by the caller; no RETURNING, the caller holds the row. */
export async function insertSecuritiesTransfer(db: Executor, row: SecuritiesTransferRow): Promise<void> {
  insertSecuritiesStatement(db).run(row);
}

const findSecuritiesStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.findSecurities', (d) =>
    d
      .select()
      .from(securitiesTransfers)
      .where(
        and(
          eq(securitiesTransfers.id, sql.placeholder('id')),
          eq(securitiesTransfers.tenantId, sql.placeholder('tenantId')),
        ),
      )
      .prepare(),
  );

export async function findSecuritiesTransfer(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<SecuritiesTransferRow | undefined> {
  return findSecuritiesStatement(db).get({ id, tenantId });
}

const GUARDED = 'expectedStatus';

/** One UPDATE per set of columns (and guard), so every shape stays prepared. */
const updateSecuritiesStatement = (db: Executor, columns: readonly string[], guarded: boolean) =>
  preparedQuery(db, `transfers.updateSecurities:${columns.join(',')}${guarded ? '|guarded' : ''}`, (d) =>
    d
      .update(securitiesTransfers)
      .set(
        Object.fromEntries(columns.map((column) => [column, sql`${sql.placeholder(column)}`])) as Partial<
          typeof securitiesTransfers.$inferInsert
        >,
      )
      .where(
        guarded
          ? and(
              eq(securitiesTransfers.id, sql.placeholder('id')),
              eq(securitiesTransfers.status, sql.placeholder(GUARDED)),
            )
          : eq(securitiesTransfers.id, sql.placeholder('id')),
      )
      .prepare(),
  );

/**
 * Sets `changes` (undefined values are left out) on transfer `id`; with
 * `expectedStatus` only while the status is still that one. Whether a row changed.
 */
export async function updateSecuritiesTransfer(
  db: Executor,
  id: string,
  changes: Readonly<Record<string, Value | undefined>>,
  expectedStatus?: string,
): Promise<boolean> {
  const columns: string[] = [];
  const params: Record<string, Value> = { id };
  for (const column in changes) {
    const value = changes[column];
    if (value === undefined) continue;
    columns.push(column);
    params[column] = value;
  }
  if (expectedStatus !== undefined) params[GUARDED] = expectedStatus;
  return updateSecuritiesStatement(db, columns, expectedStatus !== undefined).run(params).changes === 1;
}

const childrenStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.children', (d) =>
    d
      .select()
      .from(securitiesTransfers)
      .where(eq(securitiesTransfers.accountTransferId, sql.placeholder('accountTransferId')))
      .orderBy(asc(securitiesTransfers.positionInParent))
      .prepare(),
  );

/** The securities transfers of an account transfer, in request order. */
export async function findChildTransfers(
  db: Executor,
  accountTransferId: string,
): Promise<SecuritiesTransferRow[]> {
  return childrenStatement(db).all({ accountTransferId });
}

/** The children of several account transfers, grouped by parent and in request order. */
export async function findChildTransfersOfMany(
  db: Executor,
  accountTransferIds: readonly string[],
): Promise<SecuritiesTransferRow[]> {
  if (accountTransferIds.length === 0) return [];
  return db
    .select()
    .from(securitiesTransfers)
    .where(inArray(securitiesTransfers.accountTransferId, [...accountTransferIds]))
    .orderBy(asc(securitiesTransfers.accountTransferId), asc(securitiesTransfers.positionInParent))
    .all();
}

const touchStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.touchSecurities', (d) =>
    d
      .update(securitiesTransfers)
      .set({ updatedAt: sql`${sql.placeholder('updatedAt')}` })
      .where(eq(securitiesTransfers.id, sql.placeholder('id')))
      .prepare(),
  );

/** Moves only `updated_at` of a securities transfer. */
export async function touchSecuritiesTransfer(db: Executor, id: string, updatedAt: string): Promise<void> {
  touchStatement(db).run({ id, updatedAt });
}

type NewAccountTransfer = Omit<typeof accountTransfers.$inferInsert, 'id'> & { id: string };

/** Every column a new account transfer sets; the others take their defaults. */
const ACCOUNT_INSERTED: readonly (keyof NewAccountTransfer)[] = [
  'id',
  'tenantId',
  'direction',
  'status',
  'transferType',
  'userId',
  'accountId',
  'accountGroupId',
  'settlementReference',
  'counterpartyBic',
  'counterpartyAccountNumber',
  'counterpartyName',
  'tradeDate',
  'settlementDate',
  'createdAt',
  'updatedAt',
];

const insertAccountStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.insertAccount', (d) =>
    d
      .insert(accountTransfers)
      .values(
        Object.fromEntries(
          ACCOUNT_INSERTED.map((column) => [column, sql.placeholder(column)]),
        ) as unknown as typeof accountTransfers.$inferInsert,
      )
      .returning()
      .prepare(),
  );

/** Inserts a new account transfer; the row as stored, defaults included. */
export async function insertAccountTransfer(
  db: Executor,
  values: NewAccountTransfer,
): Promise<AccountTransferRow> {
  const params: Record<string, unknown> = {};
  for (const column of ACCOUNT_INSERTED) params[column] = values[column] ?? null;
  const row = insertAccountStatement(db).get(params);
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

const findAccountTransferStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.findAccount', (d) =>
    d
      .select()
      .from(accountTransfers)
      .where(
        and(
          eq(accountTransfers.tenantId, sql.placeholder('tenantId')),
          eq(accountTransfers.id, sql.placeholder('id')),
        ),
      )
      .prepare(),
  );

export async function findAccountTransfer(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<AccountTransferRow | undefined> {
  return findAccountTransferStatement(db).get({ tenantId, id });
}

const findAccountTransferByIdStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.findAccountById', (d) =>
    d
      .select()
      .from(accountTransfers)
      .where(eq(accountTransfers.id, sql.placeholder('id')))
      .prepare(),
  );

/** An account transfer by id alone: for work that already holds a child of it. */
export async function findAccountTransferById(
  db: Executor,
  id: string,
): Promise<AccountTransferRow | undefined> {
  return findAccountTransferByIdStatement(db).get({ id });
}

const setAccountStatusStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.setAccountStatus', (d) =>
    d
      .update(accountTransfers)
      .set({
        status: sql`${sql.placeholder('status')}`,
        updatedAt: sql`${sql.placeholder('updatedAt')}`,
      })
      .where(eq(accountTransfers.id, sql.placeholder('id')))
      .returning()
      .prepare(),
  );

/** Sets the status of an account transfer; the row as it now is, undefined when missing. */
export async function updateAccountTransferStatus(
  db: Executor,
  id: string,
  status: string,
  updatedAt: string,
): Promise<AccountTransferRow | undefined> {
  return setAccountStatusStatement(db).get({ id, status, updatedAt });
}
