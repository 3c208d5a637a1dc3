import { describe, expect, it } from 'vitest';
import { goldenNames, readGolden } from './golden.test-support.js';
import { parseMessage } from './parse-message.js';

const toLf = (text: string) => text.replaceAll('\r\n', '\n');
const toCrlf = (text: string) => toLf(text).replaceAll('\n', '\r\n');

describe('parseMessage: MT544 / MT546 settlement confirmations', () => {
  it('parses a full receive-free confirmation', () => {
    expect(parseMessage(readGolden('mt544-settled.fin'))).toStrictEqual({
      type: 'MT544',
      reference: 'CUST544000000001',
      relatedReference: 'TBOI240115000001',
      function: 'NEWM',
      isin: 'US0378331005',
      quantity: '10',
      effectiveSettlementDate: '2024-01-16',
      partial: false,
      safekeepingAccount: 'TBO-OMNIBUS-0001',
    });
  });

  it('parses two partial confirmations of one instruction that add up to its quantity', () => {
    const first = parseMessage(readGolden('mt544-partial-1.fin'));
    const second = parseMessage(readGolden('mt544-partial-2.fin'));
    expect(first).toStrictEqual({
      type: 'MT544',
      reference: 'CUST544000000002',
      relatedReference: 'TBOI240115000004',
      function: 'NEWM',
      isin: 'DE0005140008',
      quantity: '60',
      effectiveSettlementDate: '2024-01-16',
      partial: true,
      partialIndicator: 'PAIN',
      safekeepingAccount: 'TBO-OMNIBUS-0001',
    });
    expect(second).toStrictEqual({
      type: 'MT544',
      reference: 'CUST544000000003',
      relatedReference: 'TBOI240115000004',
      function: 'NEWM',
      isin: 'DE0005140008',
      quantity: '40',
      effectiveSettlementDate: '2024-01-17',
      partial: true,
      partialIndicator: 'PARC',
      safekeepingAccount: 'TBO-OMNIBUS-0001',
    });
  });

  it('parses a deliver-free confirmation written with CRLF', () => {
    const text = readGolden('mt546-settled.fin');
    expect(text).toContain('\r\n');
    expect(parseMessage(text)).toStrictEqual({
      type: 'MT546',
      reference: 'CUST546000000001',
      relatedReference: 'TBOO240115000002',
      function: 'NEWM',
      isin: 'IE00B4L5Y983',
      quantity: '25',
      effectiveSettlementDate: '2024-01-17',
      partial: false,
      safekeepingAccount: 'TBO-OMNIBUS-0001',
    });
  });

  it('parses a reversal naming the confirmation it reverses', () => {
    expect(parseMessage(readGolden('mt546-reversal.fin'))).toStrictEqual({
      type: 'MT546',
      reference: 'CUST546000000002',
      relatedReference: 'TBOO240115000002',
      function: 'RVSL',
      previousReference: 'CUST546000000001',
      isin: 'IE00B4L5Y983',
      quantity: '25',
      effectiveSettlementDate: '2024-01-17',
      partial: false,
      safekeepingAccount: 'TBO-OMNIBUS-0001',
    });
  });

  it('reads the older partial flag :22F::STCO//PART, fractional quantities and duplicate flags', () => {
    const text = readGolden('mt544-settled.fin')
      .replace(':22F::SETR//OWNE', ':22F::SETR//OWNE\n:22F::STCO//PART')
      .replace('UNIT/10,', 'UNIT/0010,50')
      .replace(':23G:NEWM', ':23G:NEWM/DUPL');
    expect(parseMessage(text)).toMatchObject({
      quantity: '10.5',
      partial: true,
      partialIndicator: 'PART',
      subFunction: 'DUPL',
    });
  });
});

describe('parseMessage: MT548 status and processing advice', () => {
  it('parses a rejection with its reason and narrative', () => {
    expect(parseMessage(readGolden('mt548-rejected.fin'))).toStrictEqual({
      type: 'MT548',
      reference: 'CUST548000000001',
      relatedReference: 'TBOO240115000005',
      function: 'INST',
      status: [{ qualifier: 'IPRC', code: 'REJT' }],
      reasons: [
        {
          qualifier: 'REJT',
          code: 'SAFE',
          narrative: 'SAFE ACCOUNT TBO-OMNIBUS-0009 IS\nNOT KNOWN FOR THIS INSTRUMENT',
        },
      ],
      rejected: true,
      cancelled: false,
      cancellationDenied: false,
      transaction: { isin: 'DE0007164600', safekeepingAccount: 'TBO-OMNIBUS-0009' },
    });
  });

  it('parses an accepted cancellation', () => {
    expect(parseMessage(readGolden('mt548-cancelled.fin'))).toStrictEqual({
      type: 'MT548',
      reference: 'CUST548000000002',
      relatedReference: 'TBOC240116000003',
      function: 'CAST',
      status: [{ qualifier: 'IPRC', code: 'CAND' }],
      reasons: [{ qualifier: 'CAND', code: 'CANI' }],
      rejected: false,
      cancelled: true,
      cancellationDenied: false,
      transaction: { isin: 'IE00B4L5Y983', safekeepingAccount: 'TBO-OMNIBUS-0001' },
    });
  });

  it('parses several statuses: accepted, unmatched, pending', () => {
    expect(parseMessage(readGolden('mt548-unmatched.fin'))).toStrictEqual({
      type: 'MT548',
      reference: 'CUST548000000003',
      relatedReference: 'TBOI240115000006',
      function: 'INST',
      status: [
        { qualifier: 'IPRC', code: 'PACK' },
        { qualifier: 'MTCH', code: 'NMAT' },
        { qualifier: 'SETT', code: 'PEND' },
      ],
      reasons: [
        {
          qualifier: 'NMAT',
          code: 'CMIS',
          narrative: 'NO MATCHING DELIVERY INSTRUCTION\nFROM DUMBZZ33XXX YET',
        },
        { qualifier: 'PEND', code: 'NMAS' },
      ],
      rejected: false,
      cancelled: false,
      cancellationDenied: false,
      transaction: { isin: 'US5949181045', safekeepingAccount: 'TBO-OMNIBUS-0001' },
    });
  });

  it('reports a refused cancellation and keeps proprietary codes apart', () => {
    const text = readGolden('mt548-cancelled.fin')
      .replace(':25D::IPRC//CAND', ':25D::CPRC//DEND')
      .replace(':24B::CAND//CANI', ':24B::DEND/CUST/LATE');
    expect(parseMessage(text)).toMatchObject({
      status: [{ qualifier: 'CPRC', code: 'DEND' }],
      reasons: [{ qualifier: 'DEND', code: 'LATE', dataSourceScheme: 'CUST' }],
      cancelled: false,
      cancellationDenied: true,
    });
  });
});

describe('parseMessage: MT535 statement of holdings', () => {
  it('parses the account, date and every FIN balance (AGGR only, nested balances ignored)', () => {
    expect(parseMessage(readGolden('mt535-statement.fin'))).toStrictEqual({
      type: 'MT535',
      reference: 'CUST535240131001',
      statementDate: '2024-01-31',
      account: 'TBO-OMNIBUS-0001',
      page: { number: 1, continuation: 'ONLY' },
      holdings: [
        { isin: 'US0378331005', quantity: '1250', quantityType: 'UNIT' },
        { isin: 'IE00B4L5Y983', quantity: '310.5', quantityType: 'UNIT' },
        { isin: 'DE0005140008', quantity: '42', quantityType: 'UNIT' },
        { isin: 'DE0001102580', quantity: '10000', quantityType: 'FAMT' },
      ],
    });
  });

  it('reads 98C dates, page continuation and short (negative) balances', () => {
    const text = readGolden('mt535-statement.fin')
      .replace(':98A::STAT//20240131', ':98C::STAT//20240131235959')
      .replace(':28E:1/ONLY', ':28E:2/MORE')
      .replace('UNIT/42,', 'UNIT/N3,');
    const parsed = parseMessage(text);
    expect(parsed).toMatchObject({ statementDate: '2024-01-31', page: { number: 2, continuation: 'MORE' } });
    expect(parsed.type === 'MT535' && parsed.holdings[2]).toStrictEqual({
      isin: 'DE0005140008',
      quantity: '-3',
      quantityType: 'UNIT',
    });
  });

  it('returns no holdings for an empty statement', () => {
    const text = readGolden('mt535-statement.fin').replace(/:16R:SUBSAFE[\s\S]*:16S:SUBSAFE\n/, '');
    expect(parseMessage(text)).toMatchObject({ holdings: [] });
  });
});

describe('line endings and surroundings', () => {
  const received = goldenNames('mt5').filter((name) => /^mt5(35|44|46|48)-/.test(name));

  it('covers every received sample', () => {
    expect(received).toHaveLength(12);
  });

  it.each(received)('%s parses the same with LF, CRLF and a leading BOM', (name) => {
    const text = readGolden(name);
    const expected = parseMessage(text);
    expect(parseMessage(toLf(text))).toStrictEqual(expected);
    expect(parseMessage(toCrlf(text))).toStrictEqual(expected);
    expect(parseMessage(`\uFEFF\n${toCrlf(text)}\r\n\r\n`)).toStrictEqual(expected);
  });

  it('refuses the instructions we send (they are not custodian messages)', () => {
    expect(() => parseMessage(readGolden('mt540-incoming.fin'))).toThrow(/unsupported message type MT540/);
  });
});
