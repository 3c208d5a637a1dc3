import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const OPERATOR_ROLES = ['viewer', 'operator', 'admin'] as const;

/** Operations staff using the console; role viewer < operator < admin. */
export const operators = sqliteTable('operators', {
  id: text().primaryKey(),
  email: text().notNull().unique(),
  name: text().notNull(),
  role: text({ enum: OPERATOR_ROLES }).notNull(),
  /** scrypt hash; never the password. */
  passwordHash: text().notNull(),
  createdAt: text().notNull(),
  disabledAt: text(),
  /**
   * TOTP (RFC 6238) shared secret, base32; set once the operator confirmed a
   * code from it. The server must recompute codes, so it cannot be hashed.
   */
  totpSecret: text(),
  /** A secret offered for enrolment and not yet confirmed with a code. */
  totpPendingSecret: text(),
  /** The last 30-second step whose code was accepted: a code is never accepted twice. */
  totpLastStep: integer(),
});

export const operatorSessions = sqliteTable(
  'operator_sessions',
  {
    tokenHash: text().primaryKey(),
    operatorId: text()
      .notNull()
      .references(() => operators.id),
    csrfToken: text().notNull(),
    createdAt: text().notNull(),
    expiresAt: text().notNull(),
  },
  (t) => [index('operator_sessions_operator_idx').on(t.operatorId)],
);
