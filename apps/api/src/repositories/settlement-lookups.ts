import { and, eq, isNull, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { accounts, instruments } from '../db/tables.js';
import type { AccountRow, Executor } from '../db/types.js';

// The reference data settlement commands read across tenants: accounts by
// id or by their number at the custodian, and whether an instrument is enabled.

/** An account by id, in any tenant. */
export async function findAccountById(db: Executor, accountId: string): Promise<AccountRow | undefined> {
  return first(db.select().from(accounts).where(eq(accounts.id, accountId)));
}

const accountReference = (db: Executor) =>
  preparedQuery(db, 'settlementLookups.accountReference', (d) =>
    d
      .select({ status: accounts.status, custodianAccountNumber: accounts.custodianAccountNumber })
      .from(accounts)
      .where(eq(accounts.id, sql.placeholder('id')))
      .prepare('settlementLookups.accountReference'),
  );

/** An account's status and its number at the custodian (null when it has none). */
export async function findAccountReference(
  db: Executor,
  accountId: string,
): Promise<Pick<AccountRow, 'status' | 'custodianAccountNumber'> | undefined> {
  return await first(accountReference(db).execute({ id: accountId }));
}

const byCustodianNumber = (db: Executor) =>
  preparedQuery(db, 'settlementLookups.byCustodianNumber', (d) =>
    d
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.custodianAccountNumber, sql.placeholder('number')))
      .prepare('settlementLookups.byCustodianNumber'),
  );

/** The account with this number at the custodian, if any. */
export async function findAccountIdByCustodianNumber(
  db: Executor,
  number: string,
): Promise<string | undefined> {
  return (await first(byCustodianNumber(db).execute({ number })))?.id;
}

const unnumbered = (db: Executor) =>
  preparedQuery(db, 'settlementLookups.unnumbered', (d) =>
    d
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.id, sql.placeholder('id')), isNull(accounts.custodianAccountNumber)))
      .prepare('settlementLookups.unnumbered'),
  );

/** The account with this id, only when it has no number at the custodian. */
export async function findUnnumberedAccountId(db: Executor, accountId: string): Promise<string | undefined> {
  return (await first(unnumbered(db).execute({ id: accountId })))?.id;
}

const instrumentEnabled = (db: Executor) =>
  preparedQuery(db, 'settlementLookups.instrumentEnabled', (d) =>
    d
      .select({ enabled: instruments.enabled })
      .from(instruments)
      .where(eq(instruments.isin, sql.placeholder('isin')))
      .prepare('settlementLookups.instrumentEnabled'),
  );

/** Whether an instrument may be transferred; undefined when we do not know the ISIN. */
export async function findInstrumentEnabled(db: Executor, isin: string): Promise<boolean | undefined> {
  return (await first(instrumentEnabled(db).execute({ isin })))?.enabled;
}
