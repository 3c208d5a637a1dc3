import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { changedRows, first } from '../db/query.js';
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
      .prepare('transfers.insertSecurities'),
  );

/** Inserts `row` as built by the caller; no RETURNING, the caller holds the row. */
export async function insertSecuritiesTransfer(db: Executor, row: SecuritiesTransferRow): Promise<void> {
  await insertSecuritiesStatement(db).execute(row);
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
      .prepare('transfers.findSecurities'),
  );

export async function findSecuritiesTransfer(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<SecuritiesTransferRow | undefined> {
  return first(findSecuritiesStatement(db).execute({ id, tenantId }));
}

const GUARDED = 'expectedStatus';

/**
 * The name of the UPDATE of one set of columns (and guard). PostgreSQL keeps
 * a prepared statement's name to 63 bytes, and two names alike in those would
 * collide, so a long shape is named by a digest of it.
 */
const updateNames = new Map<string, string>();
function updateStatementName(columns: readonly string[], guarded: boolean): string {
  const shape = `${columns.join(',')}${guarded ? '|guarded' : ''}`;
  let name = updateNames.get(shape);
  if (name === undefined) {
    name = `transfers.updateSecurities:${shape}`;
    if (Buffer.byteLength(name) > 63) {
      name = `transfers.updateSecurities#${createHash('sha256').update(shape).digest('hex').slice(0, 32)}`;
    }
    updateNames.set(shape, name);
  }
  return name;
}

/** One UPDATE per set of columns (and guard), so every shape stays prepared. */
const updateSecuritiesStatement = (db: Executor, columns: readonly string[], guarded: boolean) => {
  const name = updateStatementName(columns, guarded);
  return preparedQuery(db, name, (d) =>
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
      .prepare(name),
  );
};

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
  return (
    changedRows(
      await updateSecuritiesStatement(db, columns, expectedStatus !== undefined).execute(params),
    ) === 1
  );
}

const childrenStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.children', (d) =>
    d
      .select()
      .from(securitiesTransfers)
      .where(eq(securitiesTransfers.accountTransferId, sql.placeholder('accountTransferId')))
      .orderBy(asc(securitiesTransfers.positionInParent))
      .prepare('transfers.children'),
  );

/** The securities transfers of an account transfer, in request order. */
export async function findChildTransfers(
  db: Executor,
  accountTransferId: string,
): Promise<SecuritiesTransferRow[]> {
  return childrenStatement(db).execute({ accountTransferId });
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
    .orderBy(asc(securitiesTransfers.accountTransferId), asc(securitiesTransfers.positionInParent));
}

const touchStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.touchSecurities', (d) =>
    d
      .update(securitiesTransfers)
      .set({ updatedAt: sql`${sql.placeholder('updatedAt')}` })
      .where(eq(securitiesTransfers.id, sql.placeholder('id')))
      .prepare('transfers.touchSecurities'),
  );

/** Moves only `updated_at` of a securities transfer. */
export async function touchSecuritiesTransfer(db: Executor, id: string, updatedAt: string): Promise<void> {
  await touchStatement(db).execute({ id, updatedAt });
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
      .prepare('transfers.insertAccount'),
  );

/** Inserts a new account transfer; the row as stored, defaults included. */
export async function insertAccountTransfer(
  db: Executor,
  values: NewAccountTransfer,
): Promise<AccountTransferRow> {
  const params: Record<string, unknown> = {};
  for (const column of ACCOUNT_INSERTED) params[column] = values[column] ?? null;
  const row = await first(insertAccountStatement(db).execute(params));
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
      .prepare('transfers.findAccount'),
  );

export async function findAccountTransfer(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<AccountTransferRow | undefined> {
  return first(findAccountTransferStatement(db).execute({ tenantId, id }));
}

const findAccountTransferByIdStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.findAccountById', (d) =>
    d
      .select()
      .from(accountTransfers)
      .where(eq(accountTransfers.id, sql.placeholder('id')))
      .prepare('transfers.findAccountById'),
  );

/** An account transfer by id alone: for work that already holds a child of it. */
export async function findAccountTransferById(
  db: Executor,
  id: string,
): Promise<AccountTransferRow | undefined> {
  return first(findAccountTransferByIdStatement(db).execute({ id }));
}

const lockAccountTransferStatement = (db: Executor) =>
  preparedQuery(db, 'transfers.lockAccountById', (d) =>
    d
      .select()
      .from(accountTransfers)
      .where(eq(accountTransfers.id, sql.placeholder('id')))
      .for('update')
      .prepare('transfers.lockAccountById'),
  );

/**
 * An account transfer by id, read to change it: on PostgreSQL its row stays
 * locked (`FOR UPDATE`) until the caller's transaction ends, so concurrent
 * re-derivations of one parent run one after the other. SQLite has one
 * writer: the plain read.
 */
export async function findAccountTransferByIdForUpdate(
  db: Executor,
  id: string,
): Promise<AccountTransferRow | undefined> {
  if (!isPostgres()) return findAccountTransferById(db, id);
  return first(lockAccountTransferStatement(db).execute({ id }));
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
      .prepare('transfers.setAccountStatus'),
  );

/** Sets the status of an account transfer; the row as it now is, undefined when missing. */
export async function updateAccountTransferStatus(
  db: Executor,
  id: string,
  status: string,
  updatedAt: string,
): Promise<AccountTransferRow | undefined> {
  return first(setAccountStatusStatement(db).execute({ id, status, updatedAt }));
}
