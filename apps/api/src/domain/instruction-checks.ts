import { compareDecimal, isWholeQuantity } from '@tbo/contracts';

/** Why a NEW transfer cannot be instructed; it becomes CANCELLED with this code. */
export type RefusalCode =
  | 'ACCOUNT_INACTIVE'
  | 'INSTRUMENT_NOT_ENABLED'
  | 'FRACTIONAL_QUANTITY'
  | 'INSUFFICIENT_POSITION';

export interface Refusal {
  code: RefusalCode;
  /** The request field it is about (the validate endpoints name it). */
  field: 'account_id' | 'instrument_id' | 'quantity';
  text: string;
}

/** A transfer, or a request not created yet. */
export interface InstructionSubject {
  accountId: string;
  isin: string;
  quantity: string;
  direction: string;
}

/** What the checks need to know of the world, loaded by the caller. */
export interface InstructionFacts {
  /** The account's status; undefined when there is no such account. */
  accountStatus: string | undefined;
  instrumentEnabled: boolean;
  /** Whole units of the position not reserved by other transfers (OUTGOING only). */
  availableUnits: string | undefined;
}

/**
 * Every reason the transfer cannot be instructed today, in the order the
 * asynchronous check reports them (it cancels with the first): account
 * ACTIVE, ISIN enabled, whole units, and for OUTGOING enough free units.
 */
export function findRefusals(subject: InstructionSubject, facts: InstructionFacts): Refusal[] {
  const found: Refusal[] = [];
  if (facts.accountStatus !== 'ACTIVE') {
    found.push({
      code: 'ACCOUNT_INACTIVE',
      field: 'account_id',
      text: `account ${subject.accountId} is ${facts.accountStatus ?? 'missing'}`,
    });
  }
  if (!facts.instrumentEnabled) {
    found.push({
      code: 'INSTRUMENT_NOT_ENABLED',
      field: 'instrument_id',
      text: `${subject.isin} is not in the enabled instrument list`,
    });
  }
  if (!isWholeQuantity(subject.quantity)) {
    found.push({
      code: 'FRACTIONAL_QUANTITY',
      field: 'quantity',
      text: `${subject.quantity} is not a whole number of units; only whole units can settle`,
    });
  }
  const available = facts.availableUnits ?? '0';
  if (subject.direction === 'OUTGOING' && compareDecimal(available, subject.quantity) < 0) {
    found.push({
      code: 'INSUFFICIENT_POSITION',
      field: 'quantity',
      text: `${subject.quantity} requested, ${available} available`,
    });
  }
  return found;
}
