import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { OPERATOR_ROLES } from '../schema/operators.js';
import { instant } from './columns.js';

/** Operations staff using the console; role viewer < operator < admin. */
export const operators = pgTable('operators', {
  id: text().primaryKey(),
  email: text().notNull().unique(),
  name: text().notNull(),
  role: text({ enum: OPERATOR_ROLES }).notNull(),
  /** scrypt hash; never the password. */
  passwordHash: text().notNull(),
  createdAt: instant().notNull(),
  disabledAt: instant(),
  /** TOTP (RFC 6238) shared secret, base32, once confirmed. */
  totpSecret: text(),
  totpPendingSecret: text(),
  /** The last 30-second step whose code was accepted: a code is never accepted twice. */
  totpLastStep: integer(),
});

export const operatorSessions = pgTable(
  'operator_sessions',
  {
    tokenHash: text().primaryKey(),
    operatorId: text()
      .notNull()
      .references(() => operators.id),
    csrfToken: text().notNull(),
    createdAt: instant().notNull(),
    expiresAt: instant().notNull(),
  },
  (t) => [index('operator_sessions_operator_idx').on(t.operatorId)],
);
