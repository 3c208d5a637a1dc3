import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accounts, instruments, positions } from '../db/schema/index.js';
import { notFound } from '../domain/errors.js';
import { availableWholeUnits } from './positions.js';

export function listAccounts(db: Db, tenantId: string, userId?: string) {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), userId ? eq(accounts.userId, userId) : undefined))
    .orderBy(asc(accounts.createdAt), asc(accounts.id))
    .all()
    .map((a) => ({
      id: a.id,
      user_id: a.userId,
      account_group_id: a.accountGroupId,
      name: a.name,
      status: a.status,
      created_at: a.createdAt,
    }));
}

export function getAccount(db: Db, tenantId: string, accountId: string) {
  const found = listAccounts(db, tenantId).find((a) => a.id === accountId);
  if (!found) throw notFound('account', accountId);
  return found;
}

/** Positions with reserved and available whole units, for one account of the tenant. */
export function listPositions(db: Db, tenantId: string, accountId: string) {
  getAccount(db, tenantId, accountId);
  return db
    .select()
    .from(positions)
    .where(and(eq(positions.tenantId, tenantId), eq(positions.accountId, accountId)))
    .orderBy(asc(positions.isin))
    .all()
    .map((p) => ({
      account_id: p.accountId,
      isin: p.isin,
      quantity: p.quantity,
      reserved: p.reserved,
      available_whole_units: availableWholeUnits(p),
      updated_at: p.updatedAt,
    }));
}

export function listInstruments(db: Db) {
  return db
    .select()
    .from(instruments)
    .orderBy(asc(instruments.isin))
    .all()
    .map((i) => ({
      isin: i.isin,
      name: i.name,
      place_of_settlement: i.placeOfSettlement,
      enabled: i.enabled,
    }));
}
