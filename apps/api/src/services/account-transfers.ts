import {
  type AccountTransfer,
  type CreateAccountTransferRequest,
  canonicalDecimal,
  isZeroDecimal,
  type ListAccountTransfersQuery,
  type ListAccountTransfersResponse,
  marketDate,
  QUANTITY_MAX_WHOLE_DIGITS,
  subtractDecimal,
  wholeDigits,
} from '@tbo/contracts';
import type { Db } from '../db/client.js';
import type { AccountRow, AccountTransferRow, Executor, SecuritiesTransferRow } from '../db/types.js';
import { childrenToCancel } from '../domain/cancellation.js';
import { AppError, notFound } from '../domain/errors.js';
import { forecastDates } from '../domain/transfer-dates.js';
import { uuidv7 } from '../lib/uuid-v7.js';
import { listPositionsOfAccount } from '../repositories/positions.js';
import {
  findAccountTransfer,
  findChildTransfersOfMany,
  insertAccountTransfer,
} from '../repositories/transfers.js';
import { requireAccountOfUser } from './accounts.js';
import { emitEvent, moveCount, recordHistory } from './journal.js';
import { listMeta, listRows, listTotal } from './list-query.js';
import { availableWholeUnits } from './positions.js';
import { toAccountTransfer } from './resources.js';
import {
  asCancellable,
  cancelSecuritiesTransferRow,
  insertSecuritiesTransfer,
} from './securities-transfers.js';
import { type ChangeMeta, childrenOf } from './transitions.js';

interface PlannedInstrument {
  isin: string;
  quantity: string;
}

/**
 * OUTGOING with an empty list: every whole unit of every position not yet
 * promised to another transfer. Fractions cannot settle and stay behind;
 * they are reported in the history.
 */
export async function expandFullAccount(
  tx: Executor,
  tenantId: string,
  account: AccountRow,
): Promise<{ planned: PlannedInstrument[]; fractionsLeft: string[] }> {
  const held = await listPositionsOfAccount(tx, tenantId, account.id);
  const planned: PlannedInstrument[] = [];
  const fractionsLeft: string[] = [];
  for (const position of held) {
    const whole = availableWholeUnits(position);
    if (!isZeroDecimal(whole)) planned.push({ isin: position.isin, quantity: whole });
    const fraction = subtractDecimal(subtractDecimal(position.quantity, position.reserved), whole);
    if (!isZeroDecimal(fraction) && !fraction.startsWith('-')) {
      fractionsLeft.push(`${position.isin} ${fraction}`);
    }
  }
  // A child must be a transfer the api accepts on its own: as many digits as a request may send.
  const tooLarge = planned.filter((p) => wholeDigits(p.quantity) > QUANTITY_MAX_WHOLE_DIGITS);
  if (tooLarge.length > 0) {
    const reason = `an empty list transfers every whole unit, but ${tooLarge
      .map((p) => `${p.isin} holds ${p.quantity} units`)
      .join(
        ', ',
      )} – more than ${QUANTITY_MAX_WHOLE_DIGITS} digits, which one settlement instruction cannot carry; list the instruments with quantities of at most ${QUANTITY_MAX_WHOLE_DIGITS} digits instead`;
    throw new AppError('UNPROCESSABLE', `instruments: ${reason}`, {
      invalidParams: [{ name: 'instruments', reason }],
    });
  }
  if (planned.length === 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `account ${account.id} holds no whole units to transfer${fractionsLeft.length > 0 ? ` (only fractions: ${fractionsLeft.join(', ')})` : ''}`,
    );
  }
  return { planned, fractionsLeft };
}

export async function createAccountTransfer(
  tx: Executor,
  tenantId: string,
  request: CreateAccountTransferRequest,
  meta: ChangeMeta,
): Promise<AccountTransfer> {
  const account = await requireAccountOfUser(tx, tenantId, request.account_id, request.user_id);
  const full = request.direction === 'OUTGOING' && request.instruments.length === 0;
  const { planned, fractionsLeft } = full
    ? await expandFullAccount(tx, tenantId, account)
    : {
        planned: request.instruments.map((i) => ({ isin: i.id, quantity: canonicalDecimal(i.quantity) })),
        fractionsLeft: [],
      };
  const dates = forecastDates(marketDate(meta.at), request);
  const parent = await insertAccountTransfer(tx, {
    id: uuidv7(),
    tenantId,
    direction: request.direction,
    status: 'NEW',
    transferType: request.transfer_type,
    userId: account.userId,
    accountId: account.id,
    accountGroupId: account.accountGroupId,
    settlementReference: request.settlement_reference,
    counterpartyBic: request.counterparty.bic,
    counterpartyAccountNumber: request.counterparty.account_number ?? null,
    counterpartyName: request.counterparty.name ?? null,
    tradeDate: dates.tradeDate,
    settlementDate: dates.settlementDate,
    createdAt: meta.at,
    updatedAt: meta.at,
  });
  const children = [];
  for (const [index, instrument] of planned.entries()) {
    children.push(
      await insertSecuritiesTransfer(
        tx,
        {
          tenantId,
          account,
          direction: request.direction,
          isin: instrument.isin,
          quantity: instrument.quantity,
          settlementReference: request.settlement_reference,
          counterparty: request.counterparty,
          // As requested: each child moves them as the parent did, with its own DATA_CHANGED event.
          tradeDate: request.trade_date,
          settlementDate: request.settlement_date,
          accountTransferId: parent.id,
          positionInParent: index,
        },
        meta,
      ),
    );
  }
  const notes = [
    full ? `full account transfer: ${planned.length} position(s) expanded` : null,
    fractionsLeft.length > 0 ? `fractions stay in the account: ${fractionsLeft.join(', ')}` : null,
    ...dates.adjustments,
  ].filter((n): n is string => n !== null);
  await recordHistory(tx, {
    tenantId,
    kind: 'ACCOUNT_TRANSFER',
    transferId: parent.id,
    fromStatus: null,
    toStatus: 'NEW',
    actor: meta.actor,
    at: meta.at,
    reasonCode: full ? 'FULL_ACCOUNT' : null,
    reason: notes.length > 0 ? notes.join('; ') : 'received',
  });
  await moveCount(tx, 'ACCOUNT_TRANSFER', tenantId, request.direction, null, 'NEW');
  const resource = toAccountTransfer(parent, children);
  await emitEvent(tx, {
    tenantId,
    type: 'ACCOUNT_TRANSFER.NEW',
    kind: 'ACCOUNT_TRANSFER',
    objectId: parent.id,
    payload: resource,
    at: meta.at,
  });
  return resource;
}

export async function requireAccountTransferRow(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<AccountTransferRow> {
  const row = await findAccountTransfer(db, tenantId, id);
  if (!row) throw notFound('account transfer', id);
  return row;
}

export async function getAccountTransfer(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<AccountTransfer> {
  const row = await requireAccountTransferRow(db, tenantId, id);
  return toAccountTransfer(row, await childrenOf(db, row.id));
}

export async function listAccountTransfers(
  db: Db,
  tenantId: string,
  query: ListAccountTransfersQuery,
): Promise<ListAccountTransfersResponse> {
  const rows = await listRows(db, 'ACCOUNT_TRANSFER', tenantId, query);
  const children = new Map<string, SecuritiesTransferRow[]>();
  if (rows.length > 0) {
    const all = await findChildTransfersOfMany(
      db,
      rows.map((r) => r.id),
    );
    for (const child of all) {
      const key = child.accountTransferId ?? '';
      const list = children.get(key) ?? [];
      list.push(child);
      children.set(key, list);
    }
  }
  const total = await listTotal(db, 'ACCOUNT_TRANSFER', tenantId, query);
  return {
    meta: listMeta(query, rows.length, total),
    data: rows.map((r) => toAccountTransfer(r, children.get(r.id) ?? [])),
  };
}

/** Cancels every unfinished child (`childrenToCancel`: NEW at once, PROCESSING by request); all final → 409. */
export async function cancelAccountTransfer(
  tx: Executor,
  tenantId: string,
  id: string,
  meta: ChangeMeta,
): Promise<AccountTransfer> {
  const parent = await requireAccountTransferRow(tx, tenantId, id);
  const children = (await childrenOf(tx, parent.id)).map(asCancellable);
  for (const child of childrenToCancel(parent, children, 'client'))
    await cancelSecuritiesTransferRow(tx, child, meta);
  return await getAccountTransfer(tx, tenantId, id);
}
