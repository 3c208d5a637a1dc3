import {
  type AccountTransferValidation,
  type CreateAccountTransferRequest,
  type CreateSecuritiesTransferRequest,
  canonicalDecimal,
  type Direction,
  type SecuritiesTransferValidation,
  type TransferDeadline,
  type ValidationFinding,
} from '@tbo/contracts';
import type { Executor } from '../db/types.js';
import { dueDateFor, forecastDates } from '../domain/transfer-dates.js';
import { expandFullAccount } from './account-transfers.js';
import { placeOfSettlementFor, requireAccountOfUser } from './accounts.js';
import { deadlineStateAt } from './client-view/deadline.js';
import { findingsOf } from './settlement/validate-transfer.js';

interface Checked {
  tenantId: string;
  accountId: string;
  direction: Direction;
  isin: string;
  quantity: string;
}

async function findings(tx: Executor, subject: Checked, fieldPrefix = ''): Promise<ValidationFinding[]> {
  return (await findingsOf(tx, subject)).map((f) => ({
    code: f.code,
    field:
      f.field === 'account_id' ? 'account_id' : `${fieldPrefix}${fieldPrefix ? fieldName(f.field) : f.field}`,
    message: f.text,
  }));
}

// Inside `instruments[i]` the request calls the ISIN `id`.
function fieldName(field: 'instrument_id' | 'quantity'): string {
  return field === 'instrument_id' ? 'id' : field;
}

function deadlineFor(direction: Direction, today: string, atRiskDays: number): TransferDeadline {
  const date = dueDateFor(direction, today);
  return {
    kind: direction === 'OUTGOING' ? 'TRANSFER_LIMIT' : 'INCOMING_EXPIRY',
    date,
    state: deadlineStateAt(date, today, atRiskDays),
  };
}

/**
 * What the service would decide about this create request today, without
 * creating anything: the asynchronous checks a NEW transfer goes through
 * (account active, instrument enabled, whole units, OUTGOING units available
 * after other transfers' reservations), the dates it would use and the
 * deadline it would carry. A request create refuses synchronously (schema,
 * unknown account, user not owning it) is refused here the same way.
 */
export async function validateSecuritiesTransferRequest(
  tx: Executor,
  tenantId: string,
  request: CreateSecuritiesTransferRequest,
  now: { at: string; atRiskDays: number },
): Promise<SecuritiesTransferValidation> {
  const account = await requireAccountOfUser(tx, tenantId, request.account_id, request.user_id);
  const today = now.at.slice(0, 10);
  const dates = forecastDates(today, request);
  const found = await findings(tx, {
    tenantId,
    accountId: account.id,
    direction: request.direction,
    isin: request.instrument_id,
    quantity: canonicalDecimal(request.quantity),
  });
  const place = request.place_of_settlement ?? (await placeOfSettlementFor(tx, request.instrument_id));
  return {
    valid: found.length === 0,
    findings: found,
    trade_date: dates.tradeDate,
    settlement_date: dates.settlementDate,
    date_adjustments: dates.adjustments,
    deadline: deadlineFor(request.direction, today, now.atRiskDays),
    ...(place !== null ? { place_of_settlement: place } : {}),
  };
}

/** The same for an account transfer: one entry per instrument as it would be created (a full-account OUTGOING expanded). */
export async function validateAccountTransferRequest(
  tx: Executor,
  tenantId: string,
  request: CreateAccountTransferRequest,
  now: { at: string; atRiskDays: number },
): Promise<AccountTransferValidation> {
  const account = await requireAccountOfUser(tx, tenantId, request.account_id, request.user_id);
  const today = now.at.slice(0, 10);
  const dates = forecastDates(today, request);
  const full = request.direction === 'OUTGOING' && request.instruments.length === 0;
  const planned = full
    ? (await expandFullAccount(tx, tenantId, account)).planned
    : request.instruments.map((i) => ({ isin: i.id, quantity: canonicalDecimal(i.quantity) }));
  // The account's state is one finding of the whole request, not one per instrument.
  const accountFindings: ValidationFinding[] = [];
  const instruments = [];
  for (const [index, instrument] of planned.entries()) {
    const own = await findings(
      tx,
      { tenantId, accountId: account.id, direction: request.direction, ...instrument },
      `instruments[${index}].`,
    );
    for (const f of own)
      if (f.code === 'ACCOUNT_INACTIVE' && accountFindings.length === 0) accountFindings.push(f);
    const place = await placeOfSettlementFor(tx, instrument.isin);
    instruments.push({
      id: instrument.isin,
      id_type: 'ISIN' as const,
      quantity: instrument.quantity,
      ...(place !== null ? { place_of_settlement: place } : {}),
      findings: own.filter((f) => f.code !== 'ACCOUNT_INACTIVE'),
    });
  }
  return {
    valid: accountFindings.length === 0 && instruments.every((i) => i.findings.length === 0),
    findings: accountFindings,
    trade_date: dates.tradeDate,
    settlement_date: dates.settlementDate,
    date_adjustments: dates.adjustments,
    deadline: deadlineFor(request.direction, today, now.atRiskDays),
    instruments,
  };
}
