import { splitCounterpartyName } from '@tbo/contracts';
import { referenceProblem } from './charset.js';
import { SwiftWriteError } from './errors.js';
import {
  type CancellationRequest,
  COUNTERPARTY_ROLES,
  type SettlementInstruction,
} from './settlement-instruction.js';
import { toSwiftDate } from './swift-date.js';
import { toSwiftDecimal } from './swift-decimal.js';
import { assertValidInstruction } from './validate-instruction.js';
import { writeFin } from './write-envelope.js';

/** Settlement transaction type: account transfer to/from another custodian, no change of beneficial owner. */
export const SETTLEMENT_TRANSACTION_TYPE = 'OWNE';

function sequence(name: string, ...content: readonly (string | readonly string[])[]): string[] {
  return [`:16R:${name}`, ...content.flat(), `:16S:${name}`];
}

function generic(tag: string, qualifier: string, value: string): string {
  return `:${tag}::${qualifier}//${value}`;
}

function settlementParties(t: SettlementInstruction): string[] {
  const roles = COUNTERPARTY_ROLES[t.kind];
  const nameLines = t.counterparty.name === undefined ? [] : splitCounterpartyName(t.counterparty.name);
  const [firstName, ...moreName] = nameLines;
  const account = t.counterparty.accountNumber;
  return [
    ...(firstName === undefined ? [] : sequence('SETPRTY', generic('95Q', roles.owner, firstName), moreName)),
    ...sequence(
      'SETPRTY',
      generic('95P', roles.agent, t.counterparty.bic),
      account === undefined ? [] : [generic('97A', 'SAFE', account)],
    ),
    ...sequence('SETPRTY', generic('95P', 'PSET', t.placeOfSettlement)),
  ];
}

function render(t: SettlementInstruction, fn: 'NEWM' | 'CANC', reference: string, previous?: string): string {
  const body = [
    ...sequence(
      'GENL',
      generic('20C', 'SEME', reference),
      `:23G:${fn}`,
      previous === undefined ? [] : sequence('LINK', generic('20C', 'PREV', previous)),
      t.clientReference === undefined ? [] : sequence('LINK', generic('20C', 'COMM', t.clientReference)),
    ),
    ...sequence(
      'TRADDET',
      generic('98A', 'SETT', toSwiftDate(t.settlementDate)),
      generic('98A', 'TRAD', toSwiftDate(t.tradeDate)),
      `:35B:ISIN ${t.isin}`,
    ),
    ...sequence(
      'FIAC',
      generic('36B', 'SETT', `UNIT/${toSwiftDecimal(t.quantity)}`),
      generic('97A', 'SAFE', t.safekeepingAccount),
    ),
    ...sequence('SETDET', generic('22F', 'SETR', SETTLEMENT_TRANSACTION_TYPE), settlementParties(t)),
  ];
  return writeFin(t.kind.slice(2), t.senderBic, t.receiverBic, body);
}

/** MT540 (receive free) or MT542 (deliver free), function NEWM. Throws SwiftWriteError on invalid input. */
export function writeSettlementInstruction(t: SettlementInstruction): string {
  assertValidInstruction(t);
  return render(t, 'NEWM', t.reference);
}

/** The original message again with `:23G:CANC`, a new own reference and `:20C::PREV//<original reference>`. */
export function writeCancellation(request: CancellationRequest): string {
  const { original, reference } = request;
  assertValidInstruction(original);
  const problem =
    referenceProblem(reference) ??
    (reference === original.reference
      ? 'must differ from the reference of the instruction it cancels'
      : undefined);
  if (problem !== undefined)
    throw new SwiftWriteError(`${original.kind} cancellation`, [`reference ${problem}`]);
  return render(original, 'CANC', reference, original.reference);
}
