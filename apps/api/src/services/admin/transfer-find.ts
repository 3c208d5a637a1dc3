import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { accounts, accountTransfers, securitiesTransfers, users } from '../../db/schema/index.js';
import type { AccountTransferRow, SecuritiesTransferRow } from '../../db/types.js';
import { sameCaseAsStored } from '../../lib/uuid-case.js';
import { lowerPrefix, type TransferTable } from './transfer-access.js';
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
  field: MatchField;
  kind: AdminTransferKind;
  where: SQL | undefined;
  /** Exact terms are read newest first from their index; prefixes in index order. */
  newestFirst: boolean;
}

function tableOf(kind: AdminTransferKind): TransferTable {
  return kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
}

/**
 * The look-ups a term gets, by its shape: each is one index (primary key,
 * `st_custodian_ref_uq`, the tenant-led user/account indexes, the console's
 * isin, bic and `lower(…)` indexes), so no term scans the table.
 */
function lookupsFor(db: Db, q: string): Lookup[] {
  const out: Lookup[] = [];
  const both = (field: MatchField, where: (t: TransferTable) => SQL | undefined, newestFirst = true) => {
    for (const kind of ['SECURITIES', 'ACCOUNT'] as const) {
      out.push({ field, kind, where: where(tableOf(kind)), newestFirst });
    }
  };
  if (UUID.test(q)) {
    const id = sameCaseAsStored(q);
    both('id', (t) => eq(t.id, id));
    const user = db.select({ tenantId: users.tenantId }).from(users).where(eq(users.id, id)).get();
    if (user) both('user_id', (t) => and(eq(t.tenantId, user.tenantId), eq(t.userId, id)));
    const account = db
      .select({ tenantId: accounts.tenantId })
      .from(accounts)
      .where(eq(accounts.id, id))
      .get();
    if (account) both('account_id', (t) => and(eq(t.tenantId, account.tenantId), eq(t.accountId, id)));
    return out;
  }
  const upper = q.toUpperCase();
  if (CUSTODIAN_REFERENCE.test(q)) {
    out.push({
      field: 'custodian_reference',
      kind: 'SECURITIES',
      where: and(
        isNotNull(securitiesTransfers.custodianReference),
        eq(securitiesTransfers.custodianReference, upper),
      ),
      newestFirst: true,
    });
  }
  if (ISIN.test(q)) {
    out.push({
      field: 'isin',
      kind: 'SECURITIES',
      where: eq(securitiesTransfers.isin, upper),
      newestFirst: true,
    });
  }
  if (BIC.test(q)) both('counterparty_bic', (t) => eq(t.counterpartyBic, upper));
  both('settlement_reference', (t) => lowerPrefix(sql`${t.settlementReference}`, q), false);
  both(
    'counterparty_name',
    (t) => and(isNotNull(t.counterpartyName), lowerPrefix(sql`${t.counterpartyName}`, q)),
    false,
  );
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
  for (const lookup of lookupsFor(db, q)) {
    const t = tableOf(lookup.kind);
    const query = db.select().from(t).where(lookup.where);
    const rows = (lookup.newestFirst ? query.orderBy(desc(t.createdAt)) : query)
      .limit(FIND_LIMIT + 1)
      .all() as (SecuritiesTransferRow | AccountTransferRow)[];
    if (rows.length > FIND_LIMIT) truncated = true;
    for (const row of rows.slice(0, FIND_LIMIT)) {
      const key = `${lookup.kind}:${row.id}`;
      const hit = found.get(key);
      if (hit) {
        if (!hit.matched.includes(lookup.field)) hit.matched.push(lookup.field);
      } else found.set(key, { kind: lookup.kind, row, matched: [lookup.field] });
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
