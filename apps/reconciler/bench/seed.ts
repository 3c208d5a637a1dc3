// Bench setup only: fills a fresh api database with NEW transfers through the api's own services.
import { openDatabase, sqliteOf } from '../../api/src/db/client.js';
import { accounts } from '../../api/src/db/tables.js';
import { writeTransaction } from '../../api/src/db/transaction.js';
import { DEMO, seedDemoData } from '../../api/src/demo/seed-demo.js';
import { insertSecuritiesTransfer } from '../../api/src/services/securities-transfers.js';

const COUNTERPARTY = { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' };

/** `count` AUTO transfers, half INCOMING, half OUTGOING (from a position large enough for all). */
export async function seedBenchDatabase(path: string, count: number): Promise<void> {
  const db = openDatabase(path);
  const now = new Date();
  await seedDemoData(db, now);
  sqliteOf(db)
    .$client.prepare(
      `UPDATE positions SET quantity = '1000000000' WHERE account_id = ? AND isin = 'US0378331005'`,
    )
    .run(DEMO.secondAccount);
  const account = (await db.select().from(accounts)).find((a) => a.id === DEMO.secondAccount);
  if (!account) throw new Error('demo account missing');
  const meta = { actor: 'bench', at: now.toISOString() };
  const chunk = 5000;
  for (let start = 0; start < count; start += chunk) {
    await writeTransaction(db, async (tx) => {
      for (let i = start; i < Math.min(count, start + chunk); i++) {
        await insertSecuritiesTransfer(
          tx,
          {
            tenantId: DEMO.tenant.id,
            account,
            direction: i % 2 === 0 ? 'INCOMING' : 'OUTGOING',
            isin: 'US0378331005',
            quantity: '1',
            settlementReference: `AUTO-BENCH-${i}`,
            counterparty: COUNTERPARTY,
          },
          meta,
        );
      }
    });
  }
  sqliteOf(db).$client.pragma('wal_checkpoint(TRUNCATE)');
  sqliteOf(db).$client.close();
}
