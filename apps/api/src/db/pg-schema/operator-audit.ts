import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, jsonDocument } from './columns.js';

/** Every operator action, written in the transaction of the action itself; keyset pages by (at, id). */
export const operatorAudit = pgTable(
  'operator_audit',
  {
    /** UUID v7: time-ordered, the tie-breaker of equal timestamps. */
    id: text().primaryKey(),
    at: instant().notNull(),
    operatorId: text(),
    /** operator:<email>, or cli:<user> */
    actor: text().notNull(),
    action: text().notNull(),
    subjectKind: text().notNull(),
    subjectId: text().notNull(),
    reason: text(),
    /** The action's own fields (quantity, new role…): data to query, so jsonb. */
    detail: jsonDocument(),
  },
  (t) => [
    index('operator_audit_at_idx').on(t.at, t.id),
    index('operator_audit_operator_idx').on(t.operatorId, t.at, t.id),
    index('operator_audit_action_idx').on(t.action, t.at, t.id),
  ],
);
