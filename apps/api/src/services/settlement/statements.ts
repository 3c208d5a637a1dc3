import { randomUUID } from 'node:crypto';
import { addDecimal, canonicalDecimal, compareDecimal } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/types.js';
import { notFound } from '../../domain/errors.js';
import {
  type BreakFilter,
  findOpenBreak,
  insertBreak,
  listBreakRows,
  listHoldingsOfAccount,
  type ReconciliationBreakRow,
  updateBreak,
} from '../../repositories/custodian-cases.js';
import { findAccountById } from '../../repositories/settlement-lookups.js';
import { applyOnce } from './applied-changes.js';
import type { CommandOutcome } from './outcome.js';
import { accountIdOfSafekeeping } from './safekeeping.js';

export interface Statement {
  /** The account, by our id or by the safekeeping account the custodian names (one of the two). */
  accountId?: string | undefined;
  safekeepingAccount?: string | undefined;
  statementDate: string;
  reference: string;
  holdings: readonly { isin: string; quantity: string }[];
  /** False for one page of a multi-page statement: ISINs it does not list are not compared. */
  complete: boolean;
}

function theirsByIsin(holdings: Statement['holdings']): Map<string, string> {
  const theirs = new Map<string, string>();
  for (const h of holdings) theirs.set(h.isin, addDecimal(theirs.get(h.isin) ?? '0', h.quantity));
  return theirs;
}

/**
 * Compares the custodian's holdings with our positions and opens, refreshes
 * or resolves one `reconciliation_breaks` row per (account, ISIN). Applied
 * once per statement reference.
 */
export async function recordStatement(
  tx: Executor,
  statement: Statement,
  at: string,
): Promise<CommandOutcome> {
  return await applyOnce(tx, `statement:${statement.reference}`, at, async () => {
    const s = {
      ...statement,
      accountId:
        statement.accountId ?? (await accountIdOfSafekeeping(tx, statement.safekeepingAccount ?? '')),
    };
    const account = await findAccountById(tx, s.accountId);
    if (!account) throw notFound('account', s.accountId);
    const ours = new Map(
      (await listHoldingsOfAccount(tx, s.accountId)).map((p) => [p.isin, canonicalDecimal(p.quantity)]),
    );
    const theirs = theirsByIsin(s.holdings);
    const isins = new Set([...theirs.keys(), ...(s.complete ? ours.keys() : [])]);
    const counts = { opened: 0, refreshed: 0, resolved: 0, matched: 0 };
    for (const isin of [...isins].sort()) {
      const o = ours.get(isin) ?? '0';
      const t = theirs.get(isin) ?? '0';
      const open = await findOpenBreak(tx, s.accountId, isin);
      if (compareDecimal(o, t) === 0) {
        counts.matched++;
        if (open) {
          await updateBreak(tx, open.id, {
            ours: o,
            theirs: t,
            lastSeenAt: at,
            resolvedAt: at,
            statementReference: s.reference,
          });
          counts.resolved++;
        }
      } else if (open) {
        await updateBreak(tx, open.id, {
          ours: o,
          theirs: t,
          lastSeenAt: at,
          statementReference: s.reference,
        });
        counts.refreshed++;
      } else {
        await insertBreak(tx, {
          id: randomUUID(),
          tenantId: account.tenantId,
          accountId: s.accountId,
          isin,
          ours: o,
          theirs: t,
          statementReference: s.reference,
          firstSeenAt: at,
          lastSeenAt: at,
        });
        counts.opened++;
      }
    }
    const detail = `opened ${counts.opened}, refreshed ${counts.refreshed}, resolved ${counts.resolved}, matched ${counts.matched}`;
    return { id: null, status: null, outcome: 'RECONCILED', detail };
  });
}

export type ListBreaksQuery = BreakFilter;

export type BreakRow = ReconciliationBreakRow;

/** Reconciliation breaks, newest first; for the worker's report and the console. */
export async function listBreaks(db: Db, q: ListBreaksQuery): Promise<BreakRow[]> {
  return await listBreakRows(db, q);
}
