import { SwiftParseError } from './errors.js';
import {
  accountValue,
  dateValue,
  isinValue,
  type QuantityType,
  quantityValue,
  referenceValue,
} from './field-values.js';
import { findSequences, optionalField, requiredField, requiredSequence } from './query.js';
import type { SwiftSequence } from './sequences.js';

export interface Holding {
  isin: string;
  /** Aggregate balance `:93B::AGGR//`, decimal string (negative for a short position). */
  quantity: string;
  /** UNIT for shares and funds, FAMT (face amount) for bonds. */
  quantityType: QuantityType;
}

/** MT535 statement of holdings: one safekeeping account per message. */
export interface HoldingsStatement {
  type: 'MT535';
  reference: string;
  /** `:98a::STAT//` as YYYY-MM-DD. */
  statementDate: string;
  /** `:97A::SAFE//` of sequence GENL. */
  account: string;
  /** `:28E:` page number and continuation (ONLY, MORE, LAST); 1/ONLY when absent. */
  page: { number: number; continuation: 'ONLY' | 'MORE' | 'LAST' };
  /** One entry per FIN sequence, in message order (an ISIN may repeat, e.g. per place of safekeeping). */
  holdings: Holding[];
}

function readPage(general: SwiftSequence): HoldingsStatement['page'] {
  const field = optionalField(general, '28E');
  if (!field) return { number: 1, continuation: 'ONLY' };
  const m = /^(\d{1,5})\/(ONLY|MORE|LAST)$/.exec(field.value);
  if (!m) {
    throw new SwiftParseError(
      `:28E: has an invalid page "${field.value}" (expected e.g. 1/ONLY)`,
      field.line,
    );
  }
  const continuation = m[2] === 'MORE' ? 'MORE' : m[2] === 'LAST' ? 'LAST' : 'ONLY';
  return { number: Number(m[1]), continuation };
}

function readHolding(fin: SwiftSequence): Holding {
  const { isin } = isinValue(requiredField(fin, '35B'));
  const balance = quantityValue(requiredField(fin, '93B', 'AGGR'), { types: ['UNIT', 'FAMT'], signed: true });
  return { isin, quantity: balance.quantity, quantityType: balance.type };
}

export function mapStatement(body: SwiftSequence): HoldingsStatement {
  const general = requiredSequence(body, 'GENL');
  const reference = referenceValue(requiredField(general, '20C', 'SEME'));
  const statementDate = dateValue(requiredField(general, ['98A', '98C'], 'STAT'));
  const account = accountValue(requiredField(general, '97A', 'SAFE'));
  for (const sub of findSequences(body, 'SUBSAFE')) {
    const safe = optionalField(sub, '97A', 'SAFE');
    if (safe && accountValue(safe) !== account) {
      throw new SwiftParseError(
        `MT535 covers a second safekeeping account ${safe.value} besides ${account}; expected one MT535 per account`,
        safe.line,
      );
    }
  }
  return {
    type: 'MT535',
    reference,
    statementDate,
    account,
    page: readPage(general),
    holdings: findSequences(body, 'FIN').map(readHolding),
  };
}
