import { SwiftParseError } from './errors.js';
import {
  accountValue,
  codeValue,
  functionValue,
  isinValue,
  narrativeValue,
  referenceValue,
} from './field-values.js';
import {
  fieldsIn,
  findSequences,
  optionalField,
  optionalSequence,
  requiredField,
  requiredLinkField,
  requiredSequence,
} from './query.js';
import type { SwiftSequence } from './sequences.js';
import type { SwiftField } from './tokenize.js';

export interface SettlementStatus {
  /** MTCH (matching), IPRC (instruction processing), CPRC (cancellation processing), SETT (settlement)… */
  qualifier: string;
  /** MACH, NMAT, PACK, REJT, CAND, CANP, PEND, PENF… */
  code: string;
  /** Set when the code is proprietary (`:25D::IPRC/<scheme>/<code>`). */
  dataSourceScheme?: string;
}

export interface StatusReason {
  /** REJT, NMAT, PEND, PENF, CAND… (the status the reason explains). */
  qualifier: string;
  code: string;
  dataSourceScheme?: string;
  /** `:70D::REAS//`, lines kept apart by '\n'. */
  narrative?: string;
}

/** MT548 settlement status and processing advice. */
export interface SettlementStatusAdvice {
  type: 'MT548';
  reference: string;
  /** Our instruction (INST) or cancellation request (CAST) reference. */
  relatedReference: string;
  /** INST = status of an instruction, CAST = status of a cancellation request. */
  function: 'INST' | 'CAST';
  status: SettlementStatus[];
  reasons: StatusReason[];
  /** The instruction was rejected (`:25D::IPRC//REJT`). */
  rejected: boolean;
  /** The instruction is cancelled, i.e. our cancellation was accepted (IPRC or CPRC `CAND`). */
  cancelled: boolean;
  /** Our cancellation request was refused (`:25D::CPRC//DEND` or `CPRC//REJT`). */
  cancellationDenied: boolean;
  /** What the advice says the instruction is about (optional sequence B SETTRAN). */
  transaction?: { isin: string; safekeepingAccount?: string };
}

function readTransaction(body: SwiftSequence): SettlementStatusAdvice['transaction'] {
  const settran = optionalSequence(body, 'SETTRAN');
  if (!settran) return undefined;
  const { isin } = isinValue(requiredField(settran, '35B'));
  const safe = optionalField(settran, '97A', 'SAFE');
  return safe ? { isin, safekeepingAccount: accountValue(safe) } : { isin };
}

function withScheme<T extends object>(value: T, field: SwiftField): T & { dataSourceScheme?: string } {
  return field.dataSourceScheme === undefined
    ? value
    : { ...value, dataSourceScheme: field.dataSourceScheme };
}

function readReason(sequence: SwiftSequence): StatusReason {
  const field = requiredField(sequence, '24B');
  const narrative = optionalField(sequence, '70D', 'REAS');
  const reason = withScheme({ qualifier: field.qualifier ?? '', code: codeValue(field) }, field);
  return narrative ? { ...reason, narrative: narrativeValue(narrative, 6) } : reason;
}

export function mapStatusAdvice(body: SwiftSequence): SettlementStatusAdvice {
  const general = requiredSequence(body, 'GENL');
  const reference = referenceValue(requiredField(general, '20C', 'SEME'));
  const { function: fn } = functionValue(requiredField(general, '23G'), ['INST', 'CAST'] as const);
  const relatedReference = referenceValue(requiredLinkField(general, 'RELA'));

  const statusBlocks = findSequences(body, 'STAT');
  const status: SettlementStatus[] = [];
  const reasons: StatusReason[] = [];
  for (const block of statusBlocks) {
    const fields = fieldsIn(block, '25D');
    if (fields.length === 0) {
      throw new SwiftParseError('sequence STAT is missing required field :25D: (status)', block.line);
    }
    for (const field of fields) {
      status.push(withScheme({ qualifier: field.qualifier ?? '', code: codeValue(field) }, field));
    }
    reasons.push(...findSequences(block, 'REAS').map(readReason));
  }
  if (status.length === 0) {
    throw new SwiftParseError('MT548 carries no status (no STAT sequence with :25D:)', general.line);
  }

  const transaction = readTransaction(body);
  const has = (qualifiers: readonly string[], codes: readonly string[]) =>
    status.some(
      (s) => s.dataSourceScheme === undefined && qualifiers.includes(s.qualifier) && codes.includes(s.code),
    );
  return {
    type: 'MT548',
    reference,
    relatedReference,
    function: fn,
    status,
    reasons,
    rejected: has(['IPRC'], ['REJT']),
    cancelled: has(['IPRC', 'CPRC'], ['CAND']),
    cancellationDenied: has(['CPRC'], ['DEND', 'REJT']),
    ...(transaction === undefined ? {} : { transaction }),
  };
}
