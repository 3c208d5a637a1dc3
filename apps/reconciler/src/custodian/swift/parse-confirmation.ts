import { SwiftParseError } from './errors.js';
import {
  accountValue,
  codeValue,
  dateValue,
  functionValue,
  isinValue,
  quantityValue,
  referenceValue,
} from './field-values.js';
import {
  allFields,
  linkField,
  optionalField,
  requiredField,
  requiredLinkField,
  requiredSequence,
} from './query.js';
import type { SwiftSequence } from './sequences.js';

/** Codes of `:22F::PARS//` that say a confirmation covers only part of the instruction. */
const PARTIAL_CODES = ['PAIN', 'PARC', 'PART'];

/** MT544 (receive free confirmation) or MT546 (deliver free confirmation). */
export interface SettlementConfirmation {
  type: 'MT544' | 'MT546';
  /** The custodian's own reference, `:20C::SEME//`. */
  reference: string;
  /** Our instruction's reference, `:20C::RELA//`. */
  relatedReference: string;
  /** NEWM = settled; RVSL = the confirmation `previousReference` is reversed (undo its quantity). */
  function: 'NEWM' | 'RVSL';
  /** COPY / DUPL / CODU when the custodian flags a copy or possible duplicate. */
  subFunction?: string;
  previousReference?: string;
  isin: string;
  /** Effectively settled quantity (`:36B::ESTT//UNIT/…`), decimal string. */
  quantity: string;
  /** `:98a::ESET//` as YYYY-MM-DD. */
  effectiveSettlementDate: string;
  /** True when the confirmation covers only a part of the instruction (partial settlement). */
  partial: boolean;
  /** The code that made it partial: PAIN (more to come), PARC (last part), PART. */
  partialIndicator?: string;
  safekeepingAccount?: string;
}

function partialIndicator(body: SwiftSequence): string | undefined {
  for (const field of allFields(body)) {
    const pars = ['22F', '22H'].includes(field.tag) && field.qualifier === 'PARS';
    const stco = field.tag === '22F' && field.qualifier === 'STCO';
    if (!pars && !stco) continue;
    const code = codeValue(field);
    if (PARTIAL_CODES.includes(code)) return code;
  }
  return undefined;
}

export function mapConfirmation(type: 'MT544' | 'MT546', body: SwiftSequence): SettlementConfirmation {
  const general = requiredSequence(body, 'GENL');
  const reference = referenceValue(requiredField(general, '20C', 'SEME'));
  const functionField = requiredField(general, '23G');
  const { function: fn, subFunction } = functionValue(functionField, ['NEWM', 'RVSL'] as const);
  const relatedReference = referenceValue(requiredLinkField(general, 'RELA'));
  const previous = linkField(general, 'PREV');
  if (fn === 'RVSL' && !previous) {
    throw new SwiftParseError(
      'a reversal (:23G:RVSL) must name the confirmation it reverses in :20C::PREV// (LINK sequence)',
      functionField.line,
    );
  }

  const trade = requiredSequence(body, 'TRADDET');
  const { isin } = isinValue(requiredField(trade, '35B'));
  const effectiveSettlementDate = dateValue(requiredField(trade, ['98A', '98C'], 'ESET'));

  const account = requiredSequence(body, 'FIAC');
  const { quantity } = quantityValue(requiredField(account, '36B', 'ESTT'), {
    types: ['UNIT'],
    signed: false,
  });
  const safe = optionalField(account, '97A', 'SAFE');
  const indicator = partialIndicator(body);

  return {
    type,
    reference,
    relatedReference,
    function: fn,
    ...(subFunction === undefined ? {} : { subFunction }),
    ...(previous ? { previousReference: referenceValue(previous) } : {}),
    isin,
    quantity,
    effectiveSettlementDate,
    partial: indicator !== undefined,
    ...(indicator === undefined ? {} : { partialIndicator: indicator }),
    ...(safe ? { safekeepingAccount: accountValue(safe) } : {}),
  };
}
