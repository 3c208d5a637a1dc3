import type { Scope } from '@tbo/contracts';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transaction.js';
import { hashSecret } from '../lib/secrets.js';
import { insertTenantIfAbsent } from '../repositories/clients.js';
import {
  insertAccountIfAbsent,
  insertInstrumentIfAbsent,
  insertPositionIfAbsent,
  insertUserIfAbsent,
} from '../repositories/demo-data.js';
import { seedDemoOperators } from '../services/admin/seed-operators.js';

const ALL_SCOPES: Scope[] = ['transfers:read', 'transfers:admin', 'webhooks:read', 'webhooks:admin'];

/** Fixed ids (those of the API reference examples) so docs and curl examples work. */
export const DEMO = {
  tenant: {
    id: '0b7c7e4e-5d0a-4c57-9a55-6f0d2a3f1a01',
    name: 'Demo Fintech',
    clientId: 'ebabcf4d-61c3-4942-875c-e265a7c2d062',
    clientSecret: 'demo-client-secret',
  },
  otherTenant: {
    id: '0b7c7e4e-5d0a-4c57-9a55-6f0d2a3f1a02',
    name: 'Other Fintech',
    clientId: '5f0e7c2a-3b9d-4c1e-8a6f-2d4b9e1c7a30',
    clientSecret: 'other-client-secret',
  },
  user: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
  secondUser: '2c4f9a1e-7b3d-4e8a-9f60-1a2b3c4d5e6f',
  otherTenantUser: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  account: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
  secondAccount: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  inactiveAccount: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
  otherTenantAccount: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f',
  accountGroup: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f70',
  otherAccountGroup: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7081',
} as const;

export const DEMO_INSTRUMENTS = [
  { isin: 'US0378331005', name: 'Apple Inc.', placeOfSettlement: 'DAKVDEFFXXX', enabled: true },
  { isin: 'US64110L1061', name: 'Netflix Inc.', placeOfSettlement: 'DAKVDEFFXXX', enabled: true },
  { isin: 'US88160R1014', name: 'Tesla Inc.', placeOfSettlement: 'CEDELULLXXX', enabled: true },
  { isin: 'DE0007164600', name: 'SAP SE', placeOfSettlement: 'DAKVDEFFXXX', enabled: true },
  { isin: 'IE00B4L5Y983', name: 'iShares Core MSCI World', placeOfSettlement: 'CEDELULLXXX', enabled: true },
  {
    isin: 'US5949181045',
    name: 'Microsoft Corp. (not enabled)',
    placeOfSettlement: 'DAKVDEFFXXX',
    enabled: false,
  },
  // A bond held and moved in nominal (face amount, EUR): instructed as FAMT.
  {
    isin: 'DE0001102580',
    name: 'Bundesrepublik Deutschland 0% 15.02.2032',
    placeOfSettlement: 'DAKVDEFFXXX',
    enabled: true,
    quantityType: 'FAMT',
  },
] as const;

/** Our safekeeping accounts at the custodian for the demo accounts (`:97A::SAFE//`). */
export const DEMO_CUSTODIAN_ACCOUNTS: Record<string, string> = {
  [DEMO.account]: 'TBO-DEPOT-0001001',
  [DEMO.secondAccount]: 'TBO-DEPOT-0001002',
  [DEMO.inactiveAccount]: 'TBO-DEPOT-0001003',
  [DEMO.otherTenantAccount]: 'TBO-DEPOT-0002001',
};

// scrypt is slow on purpose; one hash per demo secret per process is enough.
const demoHashes = new Map<string, Promise<string>>();
function demoHash(secret: string): Promise<string> {
  let hash = demoHashes.get(secret);
  if (!hash) {
    hash = hashSecret(secret);
    demoHashes.set(secret, hash);
  }
  return hash;
}

/** Creates the demo tenants, users, accounts, instruments and positions; safe to run again. */
export async function seedDemoData(db: Db, now: Date): Promise<void> {
  const at = now.toISOString();
  const [demoSecretHash, otherHash] = await Promise.all([
    demoHash(DEMO.tenant.clientSecret),
    demoHash(DEMO.otherTenant.clientSecret),
  ]);
  await writeTransaction(db, async (tx) => {
    for (const [tenant, hash] of [
      [DEMO.tenant, demoSecretHash],
      [DEMO.otherTenant, otherHash],
    ] as const) {
      await insertTenantIfAbsent(tx, {
        id: tenant.id,
        name: tenant.name,
        clientId: tenant.clientId,
        clientSecretHash: hash,
        allowedScopes: ALL_SCOPES.join(' '),
        createdAt: at,
      });
    }
    for (const [id, tenantId, name] of [
      [DEMO.user, DEMO.tenant.id, 'Max Mustermann'],
      [DEMO.secondUser, DEMO.tenant.id, 'Erika Musterfrau'],
      [DEMO.otherTenantUser, DEMO.otherTenant.id, 'Jan Jansen'],
    ] as const) {
      await insertUserIfAbsent(tx, { id, tenantId, name, createdAt: at });
    }
    for (const [id, tenantId, userId, group, status, name] of [
      [DEMO.account, DEMO.tenant.id, DEMO.user, DEMO.accountGroup, 'ACTIVE', 'Max – depot'],
      [DEMO.secondAccount, DEMO.tenant.id, DEMO.secondUser, DEMO.accountGroup, 'ACTIVE', 'Erika – depot'],
      [DEMO.inactiveAccount, DEMO.tenant.id, DEMO.user, DEMO.accountGroup, 'INACTIVE', 'Max – closed depot'],
      [
        DEMO.otherTenantAccount,
        DEMO.otherTenant.id,
        DEMO.otherTenantUser,
        DEMO.otherAccountGroup,
        'ACTIVE',
        'Jan – depot',
      ],
    ] as const) {
      await insertAccountIfAbsent(tx, {
        id,
        tenantId,
        userId,
        accountGroupId: group,
        status,
        name,
        custodianAccountNumber: DEMO_CUSTODIAN_ACCOUNTS[id] ?? null,
        createdAt: at,
      });
    }
    for (const instrument of DEMO_INSTRUMENTS) {
      await insertInstrumentIfAbsent(tx, instrument);
    }
    for (const [tenantId, accountId, isin, quantity] of [
      [DEMO.tenant.id, DEMO.account, 'US0378331005', '25'],
      [DEMO.tenant.id, DEMO.account, 'US64110L1061', '7.5'],
      [DEMO.tenant.id, DEMO.account, 'US88160R1014', '3.25'],
      [DEMO.tenant.id, DEMO.account, 'DE0007164600', '12'],
      [DEMO.tenant.id, DEMO.secondAccount, 'US0378331005', '100'],
      [DEMO.tenant.id, DEMO.secondAccount, 'IE00B4L5Y983', '42.125'],
      [DEMO.tenant.id, DEMO.inactiveAccount, 'DE0007164600', '5'],
      [DEMO.otherTenant.id, DEMO.otherTenantAccount, 'US0378331005', '10'],
    ] as const) {
      await insertPositionIfAbsent(tx, { tenantId, accountId, isin, quantity, reserved: '0', updatedAt: at });
    }
  });
  await seedDemoOperators(db, now);
}
