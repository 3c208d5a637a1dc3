import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { LOGIN_FAILURE_SCOPES } from '../schema/login-failures.js';
import { instant } from './columns.js';

/** Failed console sign-ins per scope and key, shared by every api instance (see db/schema/login-failures.ts). */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: text().primaryKey(),
    scope: text({ enum: LOGIN_FAILURE_SCOPES }).notNull(),
    /** The e-mail as typed, trimmed and lower-cased, or the client's address. */
    key: text().notNull(),
    failedAt: instant().notNull(),
  },
  (t) => [
    index('login_failures_key_idx').on(t.scope, t.key, t.failedAt),
    index('login_failures_failed_at_idx').on(t.failedAt),
  ],
);
