import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every operator action, written in the transaction of the action itself: the
 * global audit log of the console. Newest first by (at, id); each filter the
 * log page offers has an index ending in (at, id), so pages are keyset reads.
 */
export const operatorAudit = sqliteTable(
  'operator_audit',
  {
    /** UUID v7: time-ordered, the tie-breaker of equal timestamps. */
    id: text().primaryKey(),
    at: text().notNull(),
    /** Null for the command line (creating the first admin). */
    operatorId: text(),
    /** operator:<email>, or cli:<user> */
    actor: text().notNull(),
    /** e.g. transfer.settle.request, exception.resolve, operator.disable */
    action: text().notNull(),
    /** TRANSFER, EXCEPTION, BREAK, OPERATOR, APPROVAL, DELIVERY */
    subjectKind: text().notNull(),
    subjectId: text().notNull(),
    reason: text(),
    /** JSON with the action's own fields (quantity, new role…). */
    detail: text(),
  },
  (t) => [
    index('operator_audit_at_idx').on(t.at, t.id),
    index('operator_audit_operator_idx').on(t.operatorId, t.at, t.id),
    index('operator_audit_action_idx').on(t.action, t.at, t.id),
  ],
);
