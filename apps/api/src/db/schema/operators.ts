import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Operations staff using the console; role viewer | operator. */
export const operators = sqliteTable('operators', {
  id: text().primaryKey(),
  email: text().notNull().unique(),
  name: text().notNull(),
  role: text({ enum: ['viewer', 'operator'] }).notNull(),
  /** scrypt hash; never the password. */
  passwordHash: text().notNull(),
  createdAt: text().notNull(),
  disabledAt: text(),
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
