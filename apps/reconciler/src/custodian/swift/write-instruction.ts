import { narrativeLines, splitCounterpartyName } from '@tbo/contracts';
import { referenceProblem } from './charset.js';
import { SwiftWriteError } from './errors.js';
import {
  type CancellationRequest,
  COUNTERPARTY_ROLES,
  type SettlementInstruction,
  UNKNOWN_PARTY_NAME,
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

/**
 * From the place of settlement outward: PSET, the other custodian (DEAG /
 * REAG, its BIC), then its client, the end user (SELL / BUYR: name lines and
 * the end user's account there as `:97A::SAFE` – the account in a party
 * sequence is that party's own). Sources: docs/reconciler.md.
 */
function settlementParties(t: SettlementInstruction): string[] {
  const roles = COUNTERPARTY_ROLES[t.kind];
  const { bic, name, accountNumber } = t.counterparty;
  const nameLines = name === undefined ? [] : splitCounterpartyName(name);
  const [firstLine, ...moreLines] =
    nameLines.length > 0 ? nameLines : accountNumber !== undefined ? [UNKNOWN_PARTY_NAME] : [];
  return [
    ...sequence('SETPRTY', generic('95P', 'PSET', t.placeOfSettlement)),
    ...sequence('SETPRTY', generic('95P', roles.agent, bic)),
    ...(firstLine === undefined
      ? []
      : sequence(
          'SETPRTY',
          generic('95Q', roles.owner, firstLine),
          moreLines,
          accountNumber === undefined ? [] : [generic('97A', 'SAFE', accountNumber)],
        )),
  ];
}

/** The client's reference: `:20C::COMM` when it is a 16x reference, else narrative lines in `:70E::SPRO`. */
function clientReferenceFields(t: SettlementInstruction): { link: string[]; narrative: string[] } {
  const reference = t.clientReference;
  if (reference === undefined) return { link: [], narrative: [] };
  if (referenceProblem(reference) === undefined) {
    return { link: sequence('LINK', generic('20C', 'COMM', reference)), narrative: [] };
  }
  const [first = '', ...more] = narrativeLines(reference) ?? [];
  return { link: [], narrative: [generic('70E', 'SPRO', first), ...more] };
}

function render(t: SettlementInstruction, fn: 'NEWM' | 'CANC', reference: string, previous?: string): string {
  const client = clientReferenceFields(t);
  const body = [
    ...sequence(
      'GENL',
      generic('20C', 'SEME', reference),
      `:23G:${fn}`,
      previous === undefined ? [] : sequence('LINK', generic('20C', 'PREV', previous)),
      client.link,
    ),
    ...sequence(
      'TRADDET',
      generic('98A', 'SETT', toSwiftDate(t.settlementDate)),
      generic('98A', 'TRAD', toSwiftDate(t.tradeDate)),
      `:35B:ISIN ${t.isin}`,
      client.narrative,
    ),
    ...sequence(
      'FIAC',
      generic('36B', 'SETT', `${t.quantityType}/${toSwiftDecimal(t.quantity)}`),
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
