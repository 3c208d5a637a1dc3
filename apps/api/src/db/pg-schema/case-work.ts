import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { CASE_KINDS } from '../schema/case-work.js';
import { instant } from './columns.js';

/** Operators' comments on an exception or break, oldest first. */
export const caseComments = pgTable(
  'case_comments',
  {
    id: text().primaryKey(),
    caseKind: text({ enum: CASE_KINDS }).notNull(),
    caseId: text().notNull(),
    body: text().notNull(),
    author: text().notNull(),
    at: instant().notNull(),
  },
  (t) => [index('case_comments_case_idx').on(t.caseKind, t.caseId, t.at)],
);

/** Transfers an operator found to explain an exception or break. */
export const caseLinks = pgTable(
  'case_links',
  {
    caseKind: text({ enum: CASE_KINDS }).notNull(),
    caseId: text().notNull(),
    transferKind: text({ enum: ['SECURITIES', 'ACCOUNT'] }).notNull(),
    transferId: text().notNull(),
    linkedBy: text().notNull(),
    linkedAt: instant().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseKind, t.caseId, t.transferId] }),
    index('case_links_transfer_idx').on(t.transferId),
  ],
);
