import { sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { signatureNonces } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// Runs on every signed request: prepared once per connection.
const recordNonceStatement = (db: Executor) =>
  preparedQuery(db, 'signatureNonces.record', (d) =>
    d
      .insert(signatureNonces)
      .values({
        tenantId: sql.placeholder('tenantId'),
        nonce: sql.placeholder('nonce'),
        expiresAt: sql.placeholder('expiresAt'),
      })
      .onConflictDoUpdate({
        target: [signatureNonces.tenantId, signatureNonces.nonce],
        set: { expiresAt: sql.raw('excluded.expires_at') },
        // A row that has expired may be taken again; a live one stays as it is.
        setWhere: sql`${signatureNonces.expiresAt} <= ${sql.placeholder('now')}`,
      })
      // A row comes back only when one was written: the nonce was free (or expired).
      .returning({ nonce: signatureNonces.nonce })
      .prepare('signatureNonces.record'),
  );

/**
 * Inserts the tenant's nonce, or takes over its row when that expired at or
 * before `now`; true when a row was written (false: the nonce is live).
 */
export async function insertOrRenewNonce(
  db: Executor,
  row: { tenantId: string; nonce: string; expiresAt: string; now: string },
): Promise<boolean> {
  // Single use on either database: of two requests with the nonce, the
  // second's INSERT … ON CONFLICT finds the first's row live and writes nothing.
  return (await recordNonceStatement(db).execute(row)).length === 1;
}
