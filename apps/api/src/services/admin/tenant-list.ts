import type { Db } from '../../db/client.js';
import { listTenantNames } from '../../repositories/reference-data.js';

/** The tenants the console's filters offer, by name. */
export async function consoleTenants(db: Db): Promise<{ id: string; name: string }[]> {
  return listTenantNames(db);
}
