import type { CommandResult } from './api-client.js';

/** What one pass of the loop did; logged as one JSON line and summed for /status. */
export interface BatchReport {
  inbound: number;
  claimed: number;
  /** Count per command outcome (VALIDATED, INSTRUCTED, SETTLED…) and per error code. */
  outcomes: Record<string, number>;
  errors: number;
  /** Custodian messages, counted by `direction type outcome` (e.g. `in MT544 booked`, `out MT542 sent`). */
  messages: Record<string, number>;
}

export function emptyReport(): BatchReport {
  return { inbound: 0, claimed: 0, outcomes: {}, errors: 0, messages: {} };
}

export type MessageDirection = 'in' | 'out';

/**
 * One custodian message: received (`booked`, `exception`, `deferred`,
 * `quarantined`) or sent (`sent`, `refused`, `failed`), by its message type.
 */
export function countMessage(
  report: BatchReport,
  direction: MessageDirection,
  type: string,
  outcome: string,
): void {
  const key = `${direction} ${type} ${outcome}`;
  report.messages[key] = (report.messages[key] ?? 0) + 1;
}

export function count(report: BatchReport, results: readonly CommandResult[]): void {
  for (const r of results) {
    const key = r.ok ? r.result.outcome : `ERROR:${r.error.code}`;
    report.outcomes[key] = (report.outcomes[key] ?? 0) + 1;
    if (!r.ok) report.errors++;
  }
}

export function addReport(total: BatchReport, batch: BatchReport): void {
  total.inbound += batch.inbound;
  total.claimed += batch.claimed;
  total.errors += batch.errors;
  for (const [k, v] of Object.entries(batch.outcomes)) total.outcomes[k] = (total.outcomes[k] ?? 0) + v;
  for (const [k, v] of Object.entries(batch.messages)) total.messages[k] = (total.messages[k] ?? 0) + v;
}

export function didWork(report: BatchReport): boolean {
  return report.inbound > 0 || report.claimed > 0;
}
