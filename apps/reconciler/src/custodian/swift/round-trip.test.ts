import { canonicalDecimal, isinCheckDigit, narrativeLines, splitCounterpartyName } from '@tbo/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceProblem } from './charset.js';
import { SwiftWriteError } from './errors.js';
import { type InstructionReadBack, readSettlementInstruction } from './read-instruction.js';
import type { SettlementInstruction } from './settlement-instruction.js';
import { writeCancellation, writeSettlementInstruction } from './write-instruction.js';

const DAY_MS = 86_400_000;
const SWIFT_TEXT_CHARS = "[A-Za-z0-9+?/\\-:().,' ]";

const reference = fc
  .stringMatching(new RegExp(`^${SWIFT_TEXT_CHARS}{1,16}$`))
  .filter((value) => referenceProblem(value) === undefined);
const bic = fc.stringMatching(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/);
const isin = fc.stringMatching(/^[A-Z]{2}[A-Z0-9]{9}$/).map((body) => `${body}${isinCheckDigit(body)}`);
const quantity = fc
  .tuple(fc.bigInt(1n, 10n ** 14n - 1n), fc.constantFrom('', '.0', '.000'), fc.constantFrom('', '0', '00'))
  .map(([units, fraction, zeros]) => `${zeros}${units}${fraction}`);
const account = (maxLength: number) =>
  fc
    .stringMatching(new RegExp(`^${SWIFT_TEXT_CHARS}{1,${maxLength}}$`))
    .filter((value) => value.trim() === value);
const nameWord = fc.stringMatching(/^[A-Za-z0-9.,'()+?][A-Za-z0-9.,'()+?:/-]{0,14}$/);
const name = fc
  .array(nameWord, { minLength: 1, maxLength: 12 })
  .map((words) => words.join(' '))
  .filter((value) => value.length <= 140);
const dates = fc
  .tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }), fc.nat(30))
  .map(([trade, days]) => ({
    tradeDate: new Date(trade).toISOString().slice(0, 10),
    settlementDate: new Date(trade + days * DAY_MS).toISOString().slice(0, 10),
  }));

const instruction: fc.Arbitrary<SettlementInstruction> = fc
  .record({
    kind: fc.constantFrom('MT540' as const, 'MT542' as const),
    reference,
    senderBic: bic,
    receiverBic: bic,
    isin,
    quantity,
    quantityType: fc.constantFrom('UNIT' as const, 'FAMT' as const),
    dates,
    safekeepingAccount: account(35),
    counterpartyBic: bic,
    accountNumber: fc.option(account(28), { nil: undefined }),
    name: fc.option(name, { nil: undefined }),
    placeOfSettlement: bic,
    // Short ones go into :20C::COMM, the rest (up to the API's 140) into :70E::SPRO lines.
    clientReference: fc.option(
      fc.oneof(
        reference,
        fc
          .stringMatching(new RegExp(`^${SWIFT_TEXT_CHARS}{1,140}$`))
          .filter((v) => v.trim() === v && narrativeLines(v) !== undefined),
      ),
      { nil: undefined },
    ),
  })
  .map(({ dates: d, counterpartyBic, accountNumber, name: n, clientReference, ...rest }) => ({
    ...rest,
    ...d,
    counterparty: {
      bic: counterpartyBic,
      ...(accountNumber === undefined ? {} : { accountNumber }),
      ...(n === undefined ? {} : { name: n }),
    },
    ...(clientReference === undefined ? {} : { clientReference }),
  }));

const bic11 = (value: string) => (value.length === 8 ? `${value}XXX` : value);

/** What reading the written message must give back. */
function expectedReadBack(t: SettlementInstruction): InstructionReadBack {
  const { accountNumber, name: n } = t.counterparty;
  return {
    kind: t.kind,
    function: 'NEWM',
    reference: t.reference,
    senderBic: bic11(t.senderBic),
    receiverBic: bic11(t.receiverBic),
    isin: t.isin,
    quantity: canonicalDecimal(t.quantity),
    quantityType: t.quantityType,
    tradeDate: t.tradeDate,
    settlementDate: t.settlementDate,
    safekeepingAccount: t.safekeepingAccount,
    counterparty: {
      bic: t.counterparty.bic,
      ...(accountNumber === undefined ? {} : { accountNumber }),
      nameLines: n === undefined ? [] : splitCounterpartyName(n),
    },
    placeOfSettlement: t.placeOfSettlement,
    ...(t.clientReference === undefined ? {} : { clientReference: t.clientReference }),
  };
}

describe('round trip: write MT540/MT542, read it back', () => {
  it('reads back every field of a written instruction', () => {
    fc.assert(
      fc.property(instruction, (t) => {
        const text = writeSettlementInstruction(t);
        expect(readSettlementInstruction(text)).toStrictEqual(expectedReadBack(t));
        expect(readSettlementInstruction(text.replaceAll('\r\n', '\n'))).toStrictEqual(expectedReadBack(t));
      }),
      { numRuns: 300 },
    );
  });

  it('reads back a cancellation as the same instruction with CANC, a new reference and PREV', () => {
    fc.assert(
      fc.property(
        instruction,
        reference.filter((r) => r.length > 0),
        (t, cancelReference) => {
          fc.pre(cancelReference !== t.reference);
          const text = writeCancellation({ original: t, reference: cancelReference });
          expect(readSettlementInstruction(text)).toStrictEqual({
            ...expectedReadBack(t),
            function: 'CANC',
            reference: cancelReference,
            previousReference: t.reference,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never writes a fractional quantity', () => {
    fc.assert(
      fc.property(instruction, fc.integer({ min: 1, max: 999 }), (t, fraction) => {
        const fractional = `${canonicalDecimal(t.quantity)}.${String(fraction).padStart(3, '0')}`;
        expect(() => writeSettlementInstruction({ ...t, quantity: fractional })).toThrow(SwiftWriteError);
      }),
      { numRuns: 100 },
    );
  });
});
