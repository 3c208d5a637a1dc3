import { asc, desc } from 'drizzle-orm';
import { first } from '../db/query.js';
import { serviceKeys } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type ServiceKeyRow = typeof serviceKeys.$inferSelect;

export async function findNewestServiceKey(db: Executor): Promise<ServiceKeyRow | undefined> {
  return await first(db.select().from(serviceKeys).orderBy(desc(serviceKeys.createdAt)).limit(1));
}

export async function insertServiceKey(db: Executor, row: ServiceKeyRow): Promise<ServiceKeyRow> {
  const [inserted] = await db.insert(serviceKeys).values(row).returning();
  if (!inserted) throw new Error('INSERT … RETURNING returned no row');
  return inserted;
}

/** Every key, oldest first. */
export async function listServiceKeys(db: Executor): Promise<ServiceKeyRow[]> {
  return await db.select().from(serviceKeys).orderBy(asc(serviceKeys.createdAt));
}
