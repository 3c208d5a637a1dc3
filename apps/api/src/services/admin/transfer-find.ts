import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { AccountTransferRow, SecuritiesTransferRow } from '../../db/types.js';
import { sameCaseAsStored } from '../../lib/uuid-case.js';
import { findTenantOfAccount, findTenantOfUser } from '../../repositories/account-lookup.js';
import { findTransfersMatching, type TransferMatch } from '../../repositories/console-transfer-search.js';
import type { AdminTransferKind } from './transfer-filters.js';
import { type AdminTransferRow, toAdminRows } from './transfer-rows.js';

export const FindTransfersInputSchema = z.strictObject({
  q: z.string().trim().min(2, 'type at least 2 characters').max(140),
});

/** Which field a hit matched, so the console can say why it is listed (and offer the filtered list). */
export const MATCH_FIELDS = [
  'id',
  'custodian_reference',
  'settlement_reference',
  'counterparty_bic',
  'counterparty_name',
  'user_id',
  'account_id',
  'isin',
] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

/** Hits per search; each look-up reads at most one more to know the answer was cut. */
export const FIND_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISIN = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/i;
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/i;
const CUSTODIAN_REFERENCE = /^[A-Z0-9]{16}$/i;

interface Lookup {
  kind: AdminTransferKind;
  match: TransferMatch;
}

/**
 * The look-ups a term gets, by its shape; each is one index
 * (repositories/console-transfer-search.ts), so no term scans the table.
 */
async function lookupsFor(db: Db, q: string): Promise<Lookup[]> {
  const out: Lookup[] = [];
  const both = (match: TransferMatch) => {
    for (const kind of ['SECURITIES', 'ACCOUNT'] as const) out.push({ kind, match });
  };
  if (UUID.test(q)) {
    const id = sameCaseAsStored(q);
    both({ field: 'id', id });
    const userTenant = await findTenantOfUser(db, id);
    if (userTenant !== undefined) both({ field: 'user_id', tenantId: userTenant, userId: id });
    const accountTenant = await findTenantOfAccount(db, id);
    if (accountTenant !== undefined) both({ field: 'account_id', tenantId: accountTenant, accountId: id });
    return out;
  }
  const upper = q.toUpperCase();
  if (CUSTODIAN_REFERENCE.test(q)) {
    out.push({ kind: 'SECURITIES', match: { field: 'custodian_reference', reference: upper } });
  }
  if (ISIN.test(q)) out.push({ kind: 'SECURITIES', match: { field: 'isin', isin: upper } });
  if (BIC.test(q)) both({ field: 'counterparty_bic', bic: upper });
  both({ field: 'settlement_reference', prefix: q });
  both({ field: 'counterparty_name', prefix: q });
  return out;
}

export interface FindTransfersResult {
  hits: (AdminTransferRow & { matched: MatchField[] })[];
  /** More than FIND_LIMIT transfers match: narrow the term, or open the filtered list. */
  truncated: boolean;
}

/** The console's search box: one term, every field it could be, at most FIND_LIMIT hits. */
export async function findTransfers(db: Db, q: string, now: Date): Promise<FindTransfersResult> {
  const found = new Map<
    string,
    { kind: AdminTransferKind; row: SecuritiesTransferRow | AccountTransferRow; matched: MatchField[] }
  >();
  let truncated = false;
  for (const lookup of await lookupsFor(db, q)) {
    const rows = await findTransfersMatching(db, lookup.kind, lookup.match, FIND_LIMIT + 1);
    if (rows.length > FIND_LIMIT) truncated = true;
    for (const row of rows.slice(0, FIND_LIMIT)) {
      const key = `${lookup.kind}:${row.id}`;
      const hit = found.get(key);
      if (hit) {
        if (!hit.matched.includes(lookup.match.field)) hit.matched.push(lookup.match.field);
      } else found.set(key, { kind: lookup.kind, row, matched: [lookup.match.field] });
    }
  }
  // An exact id first, then newest first.
  const ordered = [...found.values()].sort(
    (a, b) =>
      Number(b.matched.includes('id')) - Number(a.matched.includes('id')) ||
      b.row.createdAt.localeCompare(a.row.createdAt),
  );
  if (ordered.length > FIND_LIMIT) truncated = true;
  const kept = ordered.slice(0, FIND_LIMIT);
  const hits: FindTransfersResult['hits'] = [];
  for (const kind of ['SECURITIES', 'ACCOUNT'] as const) {
    const ofKind = kept.filter((h) => h.kind === kind);
    const rows = await toAdminRows(
      db,
      kind,
      ofKind.map((h) => h.row),
      now,
    );
    rows.forEach((row, i) => {
      hits.push({ ...row, matched: ofKind[i]?.matched ?? [] });
    });
  }
  const rank = new Map(kept.map((h, i) => [`${h.kind}:${h.row.id}`, i]));
  hits.sort((a, b) => (rank.get(`${a.kind}:${a.id}`) ?? 0) - (rank.get(`${b.kind}:${b.id}`) ?? 0));
  return { hits, truncated };
}
