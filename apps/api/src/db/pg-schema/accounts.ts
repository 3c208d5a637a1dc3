import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, quantity } from './columns.js';
import { tenants } from './tenants.js';

export const users = pgTable('users', {
  id: text().primaryKey(),
  tenantId: text()
    .notNull()
    .references(() => tenants.id),
  name: text().notNull(),
  createdAt: instant().notNull(),
});

/** ACTIVE | INACTIVE | CLOSED – only ACTIVE accounts can move units. */
export const accounts = pgTable(
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
    createdAt: instant().notNull(),
  },
  (t) => [
    index('accounts_tenant_user_idx').on(t.tenantId, t.userId),
    index('accounts_console_name_idx').on(t.name, t.id),
    uniqueIndex('accounts_custodian_account_uq')
      .on(t.custodianAccountNumber)
      .where(sql`custodian_account_number IS NOT NULL`),
  ],
);

/** The broker's enabled instrument list (reference data shared by all tenants). */
export const instruments = pgTable('instruments', {
  isin: text().primaryKey(),
  name: text().notNull(),
  /** BIC of the CSD where the instrument settles, e.g. DAKVDEFFXXX. */
  placeOfSettlement: text().notNull(),
  enabled: boolean().notNull().default(true),
  /** UNIT (shares) or FAMT (face amount, bonds in nominal). */
  quantityType: text().notNull().default('UNIT'),
});

/** Units held per account and ISIN; `reserved` is promised to outgoing transfers. */
export const positions = pgTable(
  'positions',
  {
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    isin: text().notNull(),
    quantity: quantity().notNull(),
    reserved: quantity().notNull().default('0'),
    updatedAt: instant().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.isin] })],
);
