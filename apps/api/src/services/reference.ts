import type { Db } from '../db/client.js';
import { notFound } from '../domain/errors.js';
import { listPositionsOfAccount } from '../repositories/positions.js';
import * as referenceData from '../repositories/reference-data.js';
import { availableWholeUnits } from './positions.js';

export async function listAccounts(db: Db, tenantId: string, userId?: string) {
  return (await referenceData.listAccounts(db, tenantId, userId)).map((a) => ({
    id: a.id,
    user_id: a.userId,
    account_group_id: a.accountGroupId,
    name: a.name,
    status: a.status,
    created_at: a.createdAt,
  }));
}

export async function getAccount(db: Db, tenantId: string, accountId: string) {
  const found = (await listAccounts(db, tenantId)).find((a) => a.id === accountId);
  if (!found) throw notFound('account', accountId);
  return found;
}

/** Positions with reserved and available whole units, for one account of the tenant. */
export async function listPositions(db: Db, tenantId: string, accountId: string) {
  await getAccount(db, tenantId, accountId);
  return (await listPositionsOfAccount(db, tenantId, accountId)).map((p) => ({
    account_id: p.accountId,
    isin: p.isin,
    quantity: p.quantity,
    reserved: p.reserved,
    available_whole_units: availableWholeUnits(p),
    updated_at: p.updatedAt,
  }));
}

export async function listInstruments(db: Db) {
  return (await referenceData.listInstruments(db)).map((i) => ({
    isin: i.isin,
    name: i.name,
    place_of_settlement: i.placeOfSettlement,
    enabled: i.enabled,
  }));
}
