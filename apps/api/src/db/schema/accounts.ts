import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.js';

export const users = sqliteTable('users', {
  id: text().primaryKey(),
  tenantId: text()
    .notNull()
    .references(() => tenants.id),
  name: text().notNull(),
  createdAt: text().notNull(),
});

/** ACTIVE | INACTIVE | CLOSED – only ACTIVE accounts can move units. */
export const accounts = sqliteTable(
  'accounts',
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    accountGroupId: text().notNull(),
    status: text().notNull(),
    name: text().notNull(),
    /** Our safekeeping account at the custodian (`:97A::SAFE//` of every instruction for it). */
    custodianAccountNumber: text(),
    createdAt: text().notNull(),
  },
  (t) => [
    index('accounts_tenant_user_idx').on(t.tenantId, t.userId),
    // The console's accounts list, by name.
    index('accounts_console_name_idx').on(t.name, t.id),
    // A statement names the safekeeping account; it must lead back to one account.
    uniqueIndex('accounts_custodian_account_uq')
      .on(t.custodianAccountNumber)
      .where(sql`custodian_account_number IS NOT NULL`),
  ],
);

/** The broker's enabled instrument list (reference data shared by all tenants). */
export const instruments = sqliteTable('instruments', {
  isin: text().primaryKey(),
  name: text().notNull(),
  /** BIC of the CSD where the instrument settles, e.g. DAKVDEFFXXX. */
  placeOfSettlement: text().notNull(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
  /** How the instrument is counted in `:36B:`: UNIT (shares) or FAMT (face amount, bonds in nominal). */
  quantityType: text().notNull().default('UNIT'),
});

/** Units held per account and ISIN; `reserved` is promised to outgoing transfers. */
export const positions = sqliteTable(
  'positions',
  {
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    isin: text().notNull(),
    quantity: text().notNull(),
    reserved: text().notNull().default('0'),
    updatedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.isin] })],
);
