import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { securitiesTransfers } from '../../db/schema/index.js';
import { incomingExpiryCutoff } from '../../domain/transfer-dates.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from '../transitions.js';

/**
 * INCOMING transfers not final 30 full days after their receipt (on their
 * `due_date`, at the time of day they arrived) become CANCELLED `EXPIRED`. At most `limit` per call; the
 * worker calls it periodically.
 */
export function expireIncoming(db: Db, meta: ChangeMeta, limit = 1000): { expired: string[] } {
  const cutoff = incomingExpiryCutoff(meta.at);
  return db.transaction(
    (tx) => {
      const due = tx
        .select()
        .from(securitiesTransfers)
        .where(
          and(
            inArray(securitiesTransfers.status, ['NEW', 'PROCESSING']),
            eq(securitiesTransfers.direction, 'INCOMING'),
            lte(securitiesTransfers.createdAt, cutoff),
          ),
        )
        .limit(limit)
        .all();
      for (const row of due) {
        transitionSecuritiesTransfer(tx, row, 'CANCELLED', {
          ...meta,
          reasonCode: 'EXPIRED',
          reason: `incoming transfer not settled within 30 days (expired on ${row.dueDate})`,
        });
      }
      return { expired: due.map((r) => r.id) };
    },
    { behavior: 'immediate' },
  );
}
