import type { Db } from '../../db/client.js';
import { listTenantNames } from '../../repositories/clients.js';

/** Every tenant by name: the console's tenant filter. */
export async function listTenants(db: Db): Promise<{ id: string; name: string }[]> {
  return await listTenantNames(db);
}
