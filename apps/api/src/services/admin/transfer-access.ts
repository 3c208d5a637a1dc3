import type { Db } from '../../db/client.js';
import { addCalendarDays } from '../../domain/calendar.js';
import { invalidField } from '../../domain/errors.js';
import { type AccessPath, accessPathFor } from '../../repositories/console-transfer-access.js';
import { AT_RISK_DAYS } from './deadline-state.js';
import { type AdminTransferView, hasWhyStuckFilter } from './transfer-filters.js';

export type { AccessPath };

/**
 * How the list reaches its rows (repositories/console-transfer-access.ts
 * picks the index and splits the filters): the why-stuck filters only on
 * securities transfers, the deadline flags on today's market date.
 */
export async function listAccessPath(db: Db, f: AdminTransferView, today: string): Promise<AccessPath> {
  if (f.kind !== 'SECURITIES' && hasWhyStuckFilter(f)) {
    throw invalidField(
      'kind',
      'must be SECURITIES with the why-stuck filters (only securities transfers carry them)',
    );
  }
  return accessPathFor(db, f, { today, riskLimit: addCalendarDays(today, AT_RISK_DAYS) });
}
