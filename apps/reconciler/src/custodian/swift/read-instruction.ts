import { SwiftParseError } from './errors.js';
import {
  accountValue,
  dateValue,
  functionValue,
  isinValue,
  narrativeValue,
  type QuantityType,
  quantityValue,
  referenceValue,
} from './field-values.js';
import { fieldsIn, linkField, optionalField, requiredField, requiredSequence } from './query.js';
import { readFin } from './read-fin.js';
import type { SwiftSequence } from './sequences.js';
import { COUNTERPARTY_ROLES, type InstructionKind, UNKNOWN_PARTY_NAME } from './settlement-instruction.js';
import type { SwiftField } from './tokenize.js';

/** What an MT540/MT542 says, as read back from its text. */
export interface InstructionReadBack {
  kind: InstructionKind;
  function: 'NEWM' | 'CANC';
  reference: string;
  previousReference?: string;
  /** BIC11 from the basic header. */
  senderBic: string;
  /** BIC11 from the application header. */
  receiverBic: string;
  isin: string;
  quantity: string;
  quantityType: QuantityType;
  tradeDate: string;
  settlementDate: string;
  safekeepingAccount: string;
  counterparty: { bic: string; accountNumber?: string; nameLines: string[] };
  placeOfSettlement: string;
  clientReference?: string;
}

/** The settlement party sequence whose `:95a:` has the given qualifier. */
function party(
  details: SwiftSequence,
  qualifier: string,
): { sequence: SwiftSequence; field: SwiftField } | undefined {
  for (const sequence of details.sequences.filter((s) => s.name === 'SETPRTY')) {
    const field = fieldsIn(sequence, ['95P', '95Q'], qualifier)[0];
    if (field) return { sequence, field };
  }
  return undefined;
}

function requiredBic(details: SwiftSequence, qualifier: string): { sequence: SwiftSequence; bic: string } {
  const found = party(details, qualifier);
  if (found?.field.tag !== '95P') {
    throw new SwiftParseError(`sequence SETDET is missing the party :95P::${qualifier}//`, details.line);
  }
  return { sequence: found.sequence, bic: found.field.value };
}

/**
 * Reads back an MT540/MT542 written by this module (or a like-shaped one):
 * for round-trip tests and for a simulated custodian that receives our files.
 */
export function readSettlementInstruction(text: string): InstructionReadBack {
  const { envelope, body } = readFin(text);
  const kind =
    envelope.messageType === '540' ? 'MT540' : envelope.messageType === '542' ? 'MT542' : undefined;
  if (kind === undefined) {
    throw new SwiftParseError(`expected an MT540 or MT542, got MT${envelope.messageType}`, body.line);
  }
  const roles = COUNTERPARTY_ROLES[kind];
  const general = requiredSequence(body, 'GENL');
  const { function: fn } = functionValue(requiredField(general, '23G'), ['NEWM', 'CANC'] as const);
  const previous = linkField(general, 'PREV');
  const common = linkField(general, 'COMM');
  const trade = requiredSequence(body, 'TRADDET');
  const account = requiredSequence(body, 'FIAC');
  const details = requiredSequence(body, 'SETDET');
  const agent = requiredBic(details, roles.agent);
  const owner = party(details, roles.owner);
  const ownerAccount = owner === undefined ? undefined : optionalField(owner.sequence, '97A', 'SAFE');
  const nameLines = owner?.field.tag === '95Q' ? narrativeValue(owner.field, 4).split('\n') : [];
  const quantity = quantityValue(requiredField(account, '36B', 'SETT'), {
    types: ['UNIT', 'FAMT'],
    signed: false,
  });
  const narrative = optionalField(trade, '70E', 'SPRO');
  return {
    kind,
    function: fn,
    reference: referenceValue(requiredField(general, '20C', 'SEME')),
    ...(previous ? { previousReference: referenceValue(previous) } : {}),
    senderBic: envelope.senderBic,
    receiverBic: envelope.receiverBic,
    isin: isinValue(requiredField(trade, '35B')).isin,
    quantity: quantity.quantity,
    quantityType: quantity.type,
    tradeDate: dateValue(requiredField(trade, ['98A', '98C'], 'TRAD')),
    settlementDate: dateValue(requiredField(trade, ['98A', '98C'], 'SETT')),
    safekeepingAccount: accountValue(requiredField(account, '97A', 'SAFE')),
    counterparty: {
      bic: agent.bic,
      ...(ownerAccount ? { accountNumber: accountValue(ownerAccount) } : {}),
      nameLines: nameLines.length === 1 && nameLines[0] === UNKNOWN_PARTY_NAME ? [] : nameLines,
    },
    placeOfSettlement: requiredBic(details, 'PSET').bic,
    ...(common ? { clientReference: referenceValue(common) } : {}),
    // A reference longer than 16x travels as narrative lines, joined back without a separator.
    ...(narrative ? { clientReference: narrativeValue(narrative, 10).split('\n').join('') } : {}),
  };
}
