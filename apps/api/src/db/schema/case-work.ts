import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What operators work on: a custodian exception or a reconciliation break. */
export const CASE_KINDS = ['EXCEPTION', 'BREAK'] as const;

/** Operators' comments on an exception or break, oldest first. */
export const caseComments = sqliteTable(
  'case_comments',
  {
    id: text().primaryKey(),
    caseKind: text({ enum: CASE_KINDS }).notNull(),
    caseId: text().notNull(),
    body: text().notNull(),
    author: text().notNull(),
    at: text().notNull(),
  },
  (t) => [index('case_comments_case_idx').on(t.caseKind, t.caseId, t.at)],
);

/** Transfers an operator found to explain an exception or break. */
export const caseLinks = sqliteTable(
  'case_links',
  {
    caseKind: text({ enum: CASE_KINDS }).notNull(),
    caseId: text().notNull(),
    transferKind: text({ enum: ['SECURITIES', 'ACCOUNT'] }).notNull(),
    transferId: text().notNull(),
    linkedBy: text().notNull(),
    linkedAt: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseKind, t.caseId, t.transferId] }),
    index('case_links_transfer_idx').on(t.transferId),
  ],
);
