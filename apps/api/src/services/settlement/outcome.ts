import type { SecuritiesTransferRow } from '../../db/types.js';

/** What one internal command did to one transfer; the worker logs and acts on it. */
export interface CommandOutcome {
  id: string | null;
  status: string | null;
  /** e.g. VALIDATED, CANCELLED, INSTRUCTED, PARTIALLY_CONFIRMED, SETTLED, REVERSED, UNCHANGED, ALREADY_APPLIED. */
  outcome: string;
  detail?: string;
}

export function outcomeOf(row: SecuritiesTransferRow, outcome: string, detail?: string): CommandOutcome {
  return { id: row.id, status: row.status, outcome, ...(detail !== undefined ? { detail } : {}) };
}
