import { asc, desc } from 'drizzle-orm';
import { serviceKeys } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type ServiceKeyRow = typeof serviceKeys.$inferSelect;

export async function findNewestServiceKey(db: Executor): Promise<ServiceKeyRow | undefined> {
  return await db.select().from(serviceKeys).orderBy(desc(serviceKeys.createdAt)).limit(1).get();
}

export async function insertServiceKey(db: Executor, row: ServiceKeyRow): Promise<ServiceKeyRow> {
  return await db.insert(serviceKeys).values(row).returning().get();
}

/** Every key, oldest first. */
export async function listServiceKeys(db: Executor): Promise<ServiceKeyRow[]> {
  return await db.select().from(serviceKeys).orderBy(asc(serviceKeys.createdAt)).all();
}
