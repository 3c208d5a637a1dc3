import { compareDecimal, isWholeQuantity, subtractDecimal, toScaled } from '@tbo/contracts';
import type { SecuritiesTransferRow } from '../../db/types.js';
import type { ExceptionReason } from './custodian-exceptions.js';

/** What a settlement confirmation (MT544/MT546) states about the instruction it settles. */
export interface ConfirmationClaims {
  messageType: 'MT544' | 'MT546';
  isin: string;
  safekeepingAccount: string;
  quantity: string;
}

/** MT544 confirms a receipt (our MT540, INCOMING), MT546 a delivery (our MT542, OUTGOING). */
const DIRECTION_OF: Record<ConfirmationClaims['messageType'], string> = {
  MT544: 'INCOMING',
  MT546: 'OUTGOING',
};

/** What any inbound message may say about the instruction; every part present is matched. */
export interface InstructionClaims {
  messageType?: ConfirmationClaims['messageType'] | undefined;
  isin?: string | undefined;
  safekeepingAccount?: string | undefined;
}

function instructionMismatches(
  row: SecuritiesTransferRow,
  claims: InstructionClaims,
  ours: string,
): ExceptionReason[] {
  const found: ExceptionReason[] = [];
  if (claims.messageType !== undefined && DIRECTION_OF[claims.messageType] !== row.direction) {
    found.push({
      code: 'MESSAGE_TYPE_MISMATCH',
      detail: `${claims.messageType} confirms ${DIRECTION_OF[claims.messageType] === 'INCOMING' ? 'a receipt' : 'a delivery'}; transfer ${row.id} is ${row.direction}`,
    });
  }
  if (claims.isin !== undefined && claims.isin !== row.isin) {
    found.push({
      code: 'ISIN_MISMATCH',
      detail: `the message names ${claims.isin}; we instructed ${row.isin}`,
    });
  }
  if (claims.safekeepingAccount !== undefined && claims.safekeepingAccount.toUpperCase() !== ours) {
    found.push({
      code: 'ACCOUNT_MISMATCH',
      detail: `the message names safekeeping account ${claims.safekeepingAccount}; we instructed ${ours}`,
    });
  }
  return found;
}

function summary(found: readonly ExceptionReason[]): ExceptionReason | undefined {
  const [first] = found;
  if (first === undefined) return undefined;
  return { code: first.code, detail: found.map((f) => f.detail).join('; ') };
}

/**
 * Why a status advice or reversal does not fit `row`, from what it says of
 * the instruction (type, ISIN, safekeeping account – each only when present).
 */
export function instructionMismatch(
  row: SecuritiesTransferRow,
  claims: InstructionClaims,
  ours: string,
): ExceptionReason | undefined {
  return summary(instructionMismatches(row, claims, ours));
}

/**
 * Why a confirmation cannot be booked against `row`, or undefined when it
 * matches what we instructed: direction (message type), ISIN, safekeeping
 * account, and a whole quantity not above what is still outstanding. Every
 * mismatch is named; the first one is the exception's code.
 */
export function confirmationMismatch(
  row: SecuritiesTransferRow,
  claims: ConfirmationClaims,
  ours: string,
): ExceptionReason | undefined {
  const found: ExceptionReason[] = [];
  if (row.status !== 'PROCESSING' && row.status !== 'SETTLED') {
    found.push({
      code: 'TRANSFER_NOT_OPEN',
      detail: `transfer ${row.id} is ${row.status}; nothing of it is instructed at the custodian any more`,
    });
  }
  found.push(...instructionMismatches(row, claims, ours));
  const outstanding = subtractDecimal(row.quantity, row.quantitySettled);
  if (!isWholeQuantity(claims.quantity) || toScaled(claims.quantity) <= 0n) {
    found.push({
      code: 'QUANTITY_INVALID',
      detail: `confirmed quantity ${claims.quantity} is not whole units above 0`,
    });
  } else if (compareDecimal(claims.quantity, outstanding) > 0) {
    found.push({
      code: 'QUANTITY_EXCEEDS_OUTSTANDING',
      detail: `the message confirms ${claims.quantity}; ${outstanding} of ${row.quantity} are outstanding`,
    });
  }
  return summary(found);
}
