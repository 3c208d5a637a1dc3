import type { Db } from '../../api/src/db/client.js';
import { sqliteOf } from '../../api/src/db/client.js';

export interface TransferState {
  status: string;
  quantity_settled: string;
  reserved_quantity: string;
  cancel_reason_code: string | null;
  cancel_reason_text: string | null;
  custodian_reference: string | null;
  actual_settlement_date: string | null;
}

export function transferOf(db: Db, id: string): TransferState {
  return sqliteOf(db)
    .$client.prepare(
      `SELECT status, quantity_settled, reserved_quantity, cancel_reason_code, cancel_reason_text,
              custodian_reference, actual_settlement_date FROM securities_transfers WHERE id = ?`,
    )
    .get(id) as TransferState;
}

export function statusOf(db: Db, id: string): string {
  return transferOf(db, id).status;
}

export function positionOf(db: Db, accountId: string, isin: string): { quantity: string; reserved: string } {
  return (
    (sqliteOf(db)
      .$client.prepare('SELECT quantity, reserved FROM positions WHERE account_id = ? AND isin = ?')
      .get(accountId, isin) as { quantity: string; reserved: string } | undefined) ?? {
      quantity: '0',
      reserved: '0',
    }
  );
}

export function eventTypesOf(db: Db, objectId: string): string[] {
  return (
    sqliteOf(db)
      .$client.prepare('SELECT type FROM outbox_events WHERE object_id = ? ORDER BY seq')
      .all(objectId) as {
      type: string;
    }[]
  ).map((e) => e.type);
}

export function historyOf(db: Db, transferId: string): { to: string | null; code: string | null }[] {
  return sqliteOf(db)
    .$client.prepare(
      'SELECT to_status AS "to", reason_code AS code FROM transfer_history WHERE transfer_id = ? ORDER BY id',
    )
    .all(transferId) as { to: string | null; code: string | null }[];
}
