// Values through the PostgreSQL schema on a real server: quantities stay exact
// decimals, instants come back as the ISO text the SQLite schema holds, in any
// session time zone, and compare equal when written back.
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePgDatabase, openPgDatabase, type PgDb } from '../src/db/pg-client.js';
import { securitiesTransfers, tenants, webhookSubscriptions } from '../src/db/pg-schema/index.js';
import { type PostgresServer, startPostgresServer } from './support/postgres-server.js';

const QUANTITY = '123456789012.123456789';
const CREATED_AT = '2026-12-04T14:39:19.123Z';
const TENANT = 'tenant-values';

let server: PostgresServer;
let url: string;
let db: PgDb;
beforeAll(async () => {
  server = await startPostgresServer();
  url = await server.createDatabase('values');
  db = await openPgDatabase(url);
  await db.insert(tenants).values({
    id: TENANT,
    name: 'Values',
    clientId: 'client-values',
    clientSecretHash: 'scrypt$…',
    allowedScopes: 'transfers:read',
    createdAt: CREATED_AT,
  });
}, 60_000);
afterAll(async () => {
  if (db) await closePgDatabase(db);
  await server?.stop();
});

function transferRow(id: string) {
  return {
    id,
    tenantId: TENANT,
    direction: 'OUTGOING',
    status: 'NEW',
    transferType: 'FREE_OF_PAYMENT',
    userId: 'user-1',
    accountId: 'account-1',
    accountGroupId: 'group-1',
    settlementReference: 'REF-1',
    counterpartyBic: 'DAKVDEFFXXX',
    tradeDate: '2026-12-04',
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    isin: 'DE0005140008',
    instrumentIdType: 'ISIN',
    quantity: QUANTITY,
  };
}

describe('a securities transfer row on PostgreSQL', () => {
  it('reads back its quantity, instants and dates exactly as written', async () => {
    await db.insert(securitiesTransfers).values(transferRow('st-exact'));
    const [row] = await db.select().from(securitiesTransfers).where(eq(securitiesTransfers.id, 'st-exact'));
    expect(row).toMatchObject({
      quantity: QUANTITY,
      quantitySettled: '0',
      reservedQuantity: '0',
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
      tradeDate: '2026-12-04',
      leaseExpiresAt: null,
    });
  });

  it('stores the quantity as an exact numeric the database computes with', async () => {
    await db.insert(securitiesTransfers).values(transferRow('st-numeric'));
    const { rows } = await db.$client.query<{ type: string; tripled: string; stored: string }>(
      `SELECT pg_typeof(quantity)::text AS type, (quantity * 3)::text AS tripled, quantity::text AS stored
         FROM securities_transfers WHERE id = 'st-numeric'`,
    );
    expect(rows[0]).toEqual({ type: 'numeric', tripled: '370370367036.370370367', stored: QUANTITY });
  });

  it('gives the same ISO instant to a session in another time zone', async () => {
    await db.insert(securitiesTransfers).values(transferRow('st-zone'));
    const client = new pg.Client({ connectionString: url, options: '-c TimeZone=Asia/Kolkata' });
    await client.connect();
    try {
      const raw = await client.query<{ at: string }>(
        `SELECT created_at::text AS at FROM securities_transfers WHERE id = 'st-zone'`,
      );
      expect(raw.rows[0]?.at).toBe('2026-12-04 20:09:19.123+05:30');
      const [row] = await drizzle({ client, casing: 'snake_case' })
        .select({ createdAt: securitiesTransfers.createdAt })
        .from(securitiesTransfers)
        .where(eq(securitiesTransfers.id, 'st-zone'));
      expect(row?.createdAt).toBe(CREATED_AT);
    } finally {
      await client.end();
    }
  });

  it('matches an optimistic version read from it and written back', async () => {
    const version = '2026-12-04T14:39:58.001Z';
    await db.insert(securitiesTransfers).values({ ...transferRow('st-version'), updatedAt: version });
    const [read] = await db
      .select()
      .from(securitiesTransfers)
      .where(eq(securitiesTransfers.id, 'st-version'));
    expect(read?.updatedAt).toBe(version);
    const updated = await db
      .update(securitiesTransfers)
      .set({ status: 'PROCESSING', updatedAt: '2026-12-04T14:40:00.000Z' })
      .where(
        and(
          eq(securitiesTransfers.id, 'st-version'),
          eq(securitiesTransfers.updatedAt, read?.updatedAt ?? ''),
        ),
      )
      .returning({ id: securitiesTransfers.id });
    expect(updated).toEqual([{ id: 'st-version' }]);
  });
});

describe('booleans and JSON on PostgreSQL', () => {
  // JSON columns are JSON text on both databases; jsonb keeps an array's order.
  const EVENT_TYPES = JSON.stringify(['SECURITIES_TRANSFER.SETTLED', 'ACCOUNT_TRANSFER.SETTLED']);
  it('keeps a boolean default and a JSON array of event types', async () => {
    await db.insert(webhookSubscriptions).values({
      id: 'sub-1',
      tenantId: TENANT,
      url: 'https://example.test/hook',
      eventTypes: EVENT_TYPES,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
    });
    const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, 'sub-1'));
    expect(row).toMatchObject({
      enabled: true,
      eventTypes: EVENT_TYPES,
      deletedAt: null,
    });
    const { rows } = await db.$client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_subscriptions WHERE event_types ? 'ACCOUNT_TRANSFER.SETTLED'`,
    );
    expect(rows[0]?.n).toBe(1);
  });
});
