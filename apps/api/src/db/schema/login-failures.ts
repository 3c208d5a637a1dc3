import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const LOGIN_FAILURE_SCOPES = ['account', 'address'] as const;

/**
 * Failed console sign-ins, one row per failure and scope: the throttle
 * (services/admin/login-throttle.ts) counts them per e-mail ('account') and
 * per client address ('address') within its window. In the database, so
 * every api instance sees the failures of all. Rows older than the window
 * are deleted when a failure is recorded.
 */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: text().primaryKey(),
    scope: text({ enum: LOGIN_FAILURE_SCOPES }).notNull(),
    /** The e-mail as typed, trimmed and lower-cased, or the client's address. */
    key: text().notNull(),
    failedAt: text().notNull(),
  },
  (t) => [
    index('login_failures_key_idx').on(t.scope, t.key, t.failedAt),
    // The purge of rows older than the window reads this one.
    index('login_failures_failed_at_idx').on(t.failedAt),
  ],
);
