import {
  BIC_PATTERN,
  canonicalDecimal,
  isRealCalendarDate,
  isValidIsin,
  isWholeQuantity,
  narrativeLines,
  QUANTITY_PATTERN,
  splitCounterpartyName,
} from '@tbo/contracts';
import { isSafeContinuationLine, isSwiftText, referenceProblem } from './charset.js';
import { SwiftWriteError } from './errors.js';
import type { SettlementInstruction } from './settlement-instruction.js';
import { SWIFT_DECIMAL_MAX_LENGTH, toSwiftDecimal } from './swift-decimal.js';

const NAME_MAX_LENGTH = 140;
const COUNTERPARTY_ACCOUNT_MAX_LENGTH = 28;
const SAFEKEEPING_ACCOUNT_MAX_LENGTH = 35;
/** The API's settlement reference: 140 characters, 4 narrative lines of the 10 `:70E:` holds. */
const CLIENT_REFERENCE_MAX_LENGTH = 140;

function quantityProblem(quantity: string): string | undefined {
  if (quantity === '' || !QUANTITY_PATTERN.test(quantity)) return `"${quantity}" is not a decimal string`;
  if (!/[1-9]/.test(quantity)) return 'must be greater than zero';
  if (!isWholeQuantity(quantity))
    return `"${quantity}" is not a whole number of units (SWIFT cannot settle fractions)`;
  if (toSwiftDecimal(quantity).length > SWIFT_DECIMAL_MAX_LENGTH) {
    return `${canonicalDecimal(quantity)} has too many digits for SWIFT 15d (at most 14 before the comma)`;
  }
  return undefined;
}

function textProblem(value: string, maxLength: number): string | undefined {
  if (value === '') return 'must not be empty';
  if (value.length > maxLength) return `must be at most ${maxLength} characters (got ${value.length})`;
  if (!isSwiftText(value)) return 'must use the SWIFT character set';
  if (value.trim() !== value) return 'must not start or end with a space';
  return undefined;
}

function nameProblem(name: string): string | undefined {
  const problem = textProblem(name, NAME_MAX_LENGTH);
  if (problem) return problem;
  const badLine = splitCounterpartyName(name)
    .slice(1)
    .find((line) => !isSafeContinuationLine(line));
  return badLine === undefined
    ? undefined
    : `line "${badLine}" would start with ':' or '-', which SWIFT forbids`;
}

/** The client's reference goes into `:20C::COMM` when it fits, else into narrative lines. */
function clientReferenceProblem(reference: string): string | undefined {
  if (referenceProblem(reference) === undefined) return undefined;
  const problem = textProblem(reference, CLIENT_REFERENCE_MAX_LENGTH);
  if (problem !== undefined) return problem;
  return narrativeLines(reference) === undefined
    ? "cannot be broken into narrative lines of 35 characters none of which starts with ':', '-' or a space"
    : undefined;
}

/** Every reason the instruction cannot be written; empty when it can. */
export function instructionProblems(t: SettlementInstruction): string[] {
  const problems: string[] = [];
  const check = (field: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${field} ${problem}`);
  };
  const bic = (value: string) => (BIC_PATTERN.test(value) ? undefined : `"${value}" is not a BIC (ISO 9362)`);
  const date = (value: string) =>
    isRealCalendarDate(value) ? undefined : `"${value}" is not a YYYY-MM-DD date`;

  check('kind', t.kind === 'MT540' || t.kind === 'MT542' ? undefined : `"${t.kind}" is not MT540 or MT542`);
  check('reference', referenceProblem(t.reference));
  check('senderBic', bic(t.senderBic));
  check('receiverBic', bic(t.receiverBic));
  check('isin', isValidIsin(t.isin) ? undefined : `"${t.isin}" is not a valid ISIN`);
  check('quantity', quantityProblem(t.quantity));
  check('tradeDate', date(t.tradeDate));
  check('settlementDate', date(t.settlementDate));
  if (isRealCalendarDate(t.tradeDate) && isRealCalendarDate(t.settlementDate)) {
    check('settlementDate', t.settlementDate < t.tradeDate ? 'must not be before tradeDate' : undefined);
  }
  check('safekeepingAccount', textProblem(t.safekeepingAccount, SAFEKEEPING_ACCOUNT_MAX_LENGTH));
  check('counterparty.bic', bic(t.counterparty.bic));
  if (t.counterparty.accountNumber !== undefined) {
    check(
      'counterparty.accountNumber',
      textProblem(t.counterparty.accountNumber, COUNTERPARTY_ACCOUNT_MAX_LENGTH),
    );
  }
  if (t.counterparty.name !== undefined) check('counterparty.name', nameProblem(t.counterparty.name));
  check('placeOfSettlement', bic(t.placeOfSettlement));
  check(
    'quantityType',
    t.quantityType === 'UNIT' || t.quantityType === 'FAMT'
      ? undefined
      : `"${t.quantityType}" is not UNIT or FAMT`,
  );
  if (t.clientReference !== undefined) check('clientReference', clientReferenceProblem(t.clientReference));
  return problems;
}

export function assertValidInstruction(t: SettlementInstruction): void {
  const problems = instructionProblems(t);
  if (problems.length > 0) throw new SwiftWriteError(`${t.kind} settlement instruction`, problems);
}
