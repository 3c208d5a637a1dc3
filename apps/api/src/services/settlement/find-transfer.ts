import { camelRow, prepared } from '../../db/sql.js';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';

/** How a custodian message or the worker names a transfer: our id or our custodian reference. */
export interface TransferRef {
  id?: string | undefined;
  custodianReference?: string | undefined;
}

/** Internal lookup across tenants (the worker serves all of them). */
export function requireTransfer(tx: Executor, ref: TransferRef): SecuritiesTransferRow {
  if (ref.id !== undefined) {
    const raw = prepared(tx, 'SELECT * FROM securities_transfers WHERE id = ?').get(ref.id);
    if (raw === undefined) throw notFound('securities transfer', ref.id);
    return camelRow<SecuritiesTransferRow>(raw);
  }
  if (ref.custodianReference !== undefined) {
    const raw = prepared(tx, 'SELECT * FROM securities_transfers WHERE custodian_reference = ?').get(
      ref.custodianReference,
    );
    if (raw === undefined) {
      throw notFound('securities transfer with custodian reference', ref.custodianReference);
    }
    return camelRow<SecuritiesTransferRow>(raw);
  }
  throw new AppError('BAD_REQUEST', 'name the transfer by id or custodianReference');
}
