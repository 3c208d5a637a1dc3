import { describe, expect, it } from 'vitest';
import { SwiftWriteError } from './errors.js';
import { expectGolden } from './golden.test-support.js';
import { instructionKindFor, type SettlementInstruction } from './settlement-instruction.js';
import { writeCancellation, writeSettlementInstruction } from './write-instruction.js';

const incoming: SettlementInstruction = {
  kind: instructionKindFor('INCOMING'),
  reference: 'TBOI240115000001',
  senderBic: 'TBOBDEFFXXX',
  receiverBic: 'CUSTDEFFXXX',
  isin: 'US0378331005',
  quantity: '10',
  quantityType: 'UNIT',
  tradeDate: '2024-01-15',
  settlementDate: '2024-01-16',
  safekeepingAccount: 'TBO-OMNIBUS-0001',
  counterparty: { bic: 'DUMBZZ33XXX', accountNumber: '1234567891', name: 'Max Mustermann' },
  placeOfSettlement: 'DAKVDEFFXXX',
  clientReference: 'b82dc5985558fdr2',
};

const outgoing: SettlementInstruction = {
  kind: instructionKindFor('OUTGOING'),
  reference: 'TBOO240115000002',
  senderBic: 'TBOBDEFF',
  receiverBic: 'CUSTDEFFXXX',
  isin: 'IE00B4L5Y983',
  quantity: '25.000',
  quantityType: 'UNIT',
  tradeDate: '2024-01-15',
  settlementDate: '2024-01-17',
  safekeepingAccount: 'TBO-OMNIBUS-0001',
  counterparty: {
    bic: 'COBADEFFXXX',
    accountNumber: '0123456789012345678901234567',
    name: 'Maximiliane Alexandra Katharina von Hohenzollern-Sigmaringen zu Oberstdorf und Garmisch-Partenkirchen Erbin der Sammlung',
  },
  placeOfSettlement: 'CEDELULLXXX',
};

describe('writeSettlementInstruction (golden files)', () => {
  it('writes an MT540 receive free for an INCOMING transfer', () => {
    expectGolden('mt540-incoming.fin', writeSettlementInstruction(incoming));
  });

  it('writes an MT542 deliver free for an OUTGOING transfer (BIC8 sender, long name cut to 4 x 35)', () => {
    expectGolden('mt542-outgoing.fin', writeSettlementInstruction(outgoing));
  });

  it('writes a bond in nominal as FAMT, the seller with their account, a long reference as narrative', () => {
    expectGolden(
      'mt540-famt-sell.fin',
      writeSettlementInstruction({
        ...incoming,
        reference: 'T0A1B2C3D4E5F601',
        isin: 'DE0001102580',
        quantity: '50000',
        quantityType: 'FAMT',
        tradeDate: '2026-12-08',
        settlementDate: '2026-12-09',
        safekeepingAccount: 'TBO-DEPOT-0001001',
        counterparty: { bic: 'COBADEFFXXX', accountNumber: 'DE-4711-0815', name: 'Erika Musterfrau' },
        clientReference: 'DEPOT TRANSFER 2026-12 ERIKA MUSTERFRAU FROM BANK A TO TBO - BOND PART',
      }),
    );
  });

  it('names a buyer known only by their account UNKNOWN, as custodians specify', () => {
    expectGolden(
      'mt542-buyr-unknown.fin',
      writeSettlementInstruction({
        ...incoming,
        kind: 'MT542',
        reference: 'T0A1B2C3D4E5F602',
        quantity: '7',
        tradeDate: '2026-12-08',
        settlementDate: '2026-12-09',
        safekeepingAccount: 'TBO-DEPOT-0001001',
        counterparty: { bic: 'DUMBZZ33XXX', accountNumber: '1234567891' },
        clientReference: 'CLIENT-REF-42',
      }),
    );
  });

  it('writes the cancellation of the MT542 with :23G:CANC and :20C::PREV//', () => {
    expectGolden(
      'mt542-cancel.fin',
      writeCancellation({ original: outgoing, reference: 'TBOC240116000003' }),
    );
  });

  it('ends every line with CRLF and keeps each name line within 35 characters', () => {
    const lines = writeSettlementInstruction(outgoing).split('\r\n');
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(lines.at(-1)).toBe('-}');
    const first = lines.findIndex((line) => line.startsWith(':95Q::BUYR//'));
    const nameLines = [lines[first]?.slice(':95Q::BUYR//'.length), ...lines.slice(first + 1, first + 4)];
    expect(nameLines.map((line) => line?.length)).toStrictEqual([35, 27, 14, 32]);
    expect(lines[first + 4]).toBe(':97A::SAFE//0123456789012345678901234567');
    expect(lines[first + 5]).toBe(':16S:SETPRTY');
  });

  it('leaves out the name party and the COMM link when there is nothing to put in them', () => {
    const { name: _name, accountNumber: _account, ...bicOnly } = incoming.counterparty;
    const { clientReference: _ref, ...rest } = incoming;
    const text = writeSettlementInstruction({ ...rest, counterparty: bicOnly });
    expect(text).not.toContain(':95Q::');
    expect(text).not.toContain(':20C::COMM//');
    expect(text).not.toContain(':97A::SAFE//1234567891');
    expect(text).toContain(':16R:SETPRTY\r\n:95P::DEAG//DUMBZZ33XXX\r\n:16S:SETPRTY');
  });
});

describe('writer input validation', () => {
  const cases: [string, Partial<SettlementInstruction>, RegExp][] = [
    [
      'a 17-character reference',
      { reference: 'TBOI2401150000017' },
      /reference must be at most 16 characters/,
    ],
    [
      'a reference outside the SWIFT charset',
      { reference: 'TBO_1' },
      /reference must use the SWIFT character set/,
    ],
    [
      'a reference with //',
      { reference: 'TBO//1' },
      /reference must not start or end with '\/' nor contain '\/\/'/,
    ],
    ['a fractional quantity', { quantity: '10.5' }, /quantity "10.5" is not a whole number of units/],
    ['a zero quantity', { quantity: '0' }, /quantity must be greater than zero/],
    ['a float-looking quantity', { quantity: '1e3' }, /quantity "1e3" is not a decimal string/],
    ['a quantity too long for 15d', { quantity: '123456789012345' }, /too many digits for SWIFT 15d/],
    ['an invalid ISIN', { isin: 'US0378331006' }, /isin "US0378331006" is not a valid ISIN/],
    [
      'an impossible date',
      { settlementDate: '2024-02-30' },
      /settlementDate "2024-02-30" is not a YYYY-MM-DD date/,
    ],
    [
      'settlement before trade',
      { settlementDate: '2024-01-14' },
      /settlementDate must not be before tradeDate/,
    ],
    ['a bad BIC', { placeOfSettlement: 'DAKV' }, /placeOfSettlement "DAKV" is not a BIC/],
    ['an unknown kind', { kind: 'MT541' as 'MT540' }, /kind "MT541" is not MT540 or MT542/],
    [
      'a client reference no narrative line break can carry',
      { clientReference: `A${'-'.repeat(40)}` },
      /clientReference cannot be broken into narrative lines/,
    ],
    [
      'a client reference over 140 characters',
      { clientReference: 'R'.repeat(141) },
      /clientReference must be at most 140 characters/,
    ],
    [
      'an unknown quantity type',
      { quantityType: 'AMOR' as 'UNIT' },
      /quantityType "AMOR" is not UNIT or FAMT/,
    ],
    ['an empty safekeeping account', { safekeepingAccount: '' }, /safekeepingAccount must not be empty/],
  ];
  it.each(cases)('rejects %s', (_label, patch, message) => {
    expect(() => writeSettlementInstruction({ ...incoming, ...patch })).toThrow(message);
    expect(() => writeSettlementInstruction({ ...incoming, ...patch })).toThrow(SwiftWriteError);
  });

  it('rejects counterparty fields SWIFT cannot carry', () => {
    const bad = (counterparty: SettlementInstruction['counterparty']) => () =>
      writeSettlementInstruction({ ...incoming, counterparty });
    expect(bad({ bic: 'dumbzz33' })).toThrow(/counterparty.bic "dumbzz33" is not a BIC/);
    expect(bad({ bic: 'DUMBZZ33', accountNumber: '1'.repeat(29) })).toThrow(
      /counterparty.accountNumber must be at most 28 characters/,
    );
    expect(bad({ bic: 'DUMBZZ33', name: 'Jürgen Müller' })).toThrow(/counterparty.name must use the SWIFT/);
    expect(bad({ bic: 'DUMBZZ33', name: `${'A'.repeat(35)} -B` })).toThrow(
      /line "-B" would start with ':' or '-'/,
    );
  });

  it('lists every problem at once', () => {
    try {
      writeSettlementInstruction({ ...incoming, reference: '', quantity: '0.5', isin: 'XX' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SwiftWriteError);
      expect((error as SwiftWriteError).problems).toHaveLength(3);
    }
  });

  it('requires a fresh, valid reference for a cancellation', () => {
    expect(() => writeCancellation({ original: incoming, reference: incoming.reference })).toThrow(
      /reference must differ from the reference of the instruction it cancels/,
    );
    expect(() => writeCancellation({ original: incoming, reference: 'X'.repeat(17) })).toThrow(
      /MT540 cancellation: reference must be at most 16/,
    );
  });
});
