import { describe, expect, it } from 'vitest';
import { readGolden } from '../swift/golden.test-support.js';
import { parseMessage } from '../swift/parse-message.js';
import { messageFromSwift } from './from-swift.js';

const read = (name: string) => messageFromSwift(parseMessage(readGolden(name)));

// Hand-written MT548s as a custodian sends them (test/golden, layout in docs/reconciler.md).
describe('status advices by function (MT548 :23G:)', () => {
  it('a CAST advice rejecting our cancellation request is a denial, not a rejection of the instruction', () => {
    expect(read('mt548-cast-rejected.fin')).toStrictEqual({
      kind: 'cancellation-denied',
      messageReference: 'CUST548CAST00001',
      custodianReference: 'T0195A3F4C2B7D81',
      isin: 'US0378331005',
      safekeepingAccount: 'D396B7C3AA67488A8E394A1A7CBEB9F4',
      status: 'IPRC//REJT',
      reasonCode: 'ADEA',
      narrative: 'CANCELLATION RECEIVED AFTER THE CSD DEADLINE',
    });
  });

  it('a denied cancellation (CPRC//DEND) keeps its reason', () => {
    expect(read('mt548-cancellation-denied.fin')).toStrictEqual({
      kind: 'cancellation-denied',
      messageReference: 'CUST548CAST00002',
      custodianReference: 'T0195A3F4C2B7D81',
      isin: 'US0378331005',
      safekeepingAccount: 'D396B7C3AA67488A8E394A1A7CBEB9F4',
      status: 'CPRC//DEND',
      reasonCode: 'DPRG',
      narrative: 'SETTLEMENT IN PROGRESS AT THE CSD',
    });
  });

  it('an INST advice rejecting the instruction stays a rejection', () => {
    const text = readGolden('mt548-cast-rejected.fin')
      .replace(':23G:CAST', ':23G:INST')
      .replace('RELA//C0195A3F4C2B7D81', 'RELA//T0195A3F4C2B7D81');
    expect(messageFromSwift(parseMessage(text))).toStrictEqual({
      kind: 'rejection',
      messageReference: 'CUST548CAST00001',
      custodianReference: 'T0195A3F4C2B7D81',
      isin: 'US0378331005',
      safekeepingAccount: 'D396B7C3AA67488A8E394A1A7CBEB9F4',
      reasonCode: 'ADEA',
      narrative: 'CANCELLATION RECEIVED AFTER THE CSD DEADLINE',
    });
  });

  it('pending and unmatched statuses are kept with their reason (the explained status wins)', () => {
    expect(read('mt548-pending-failing.fin')).toStrictEqual({
      kind: 'status',
      function: 'INST',
      messageReference: 'CUST548PENF00003',
      custodianReference: 'T0195A3F4C2B7D81',
      isin: 'US0378331005',
      safekeepingAccount: 'D396B7C3AA67488A8E394A1A7CBEB9F4',
      status: 'SETT//PENF',
      reasonCode: 'LACK',
      narrative: 'LACK OF SECURITIES ON THE DELIVERING ACCOUNT',
    });
    expect(read('mt548-unmatched.fin')).toMatchObject({
      kind: 'status',
      function: 'INST',
      status: 'SETT//PEND',
      reasonCode: 'NMAS',
    });
  });

  it('an advice whose reference does not fit its function is an exception', () => {
    const castOnInstruction = readGolden('mt548-cancellation-denied.fin').replace(
      'RELA//C0195A3F4C2B7D81',
      'RELA//T0195A3F4C2B7D81',
    );
    expect(messageFromSwift(parseMessage(castOnInstruction))).toMatchObject({
      kind: 'exception',
      reasonCode: 'FUNCTION_MISMATCH',
      relatedReference: 'T0195A3F4C2B7D81',
    });
    const instOnCancellation = readGolden('mt548-pending-failing.fin').replace(
      'RELA//T0195A3F4C2B7D81',
      'RELA//C0195A3F4C2B7D81',
    );
    expect(messageFromSwift(parseMessage(instOnCancellation))).toMatchObject({
      kind: 'exception',
      reasonCode: 'FUNCTION_MISMATCH',
    });
  });
});

describe('what is matched against the instruction', () => {
  it('an advice carries the ISIN and account of its transaction details (SETTRAN) when it has them', () => {
    const withoutDetails = readGolden('mt548-cancellation-denied.fin').replace(
      /:16R:SETTRAN[\s\S]*:16S:SETTRAN\r\n/,
      '',
    );
    const parsed = messageFromSwift(parseMessage(withoutDetails));
    expect(parsed).toMatchObject({ kind: 'cancellation-denied', status: 'CPRC//DEND' });
    expect(parsed).not.toHaveProperty('isin');
  });

  it('a reversal carries its type, ISIN and account', () => {
    expect(read('mt546-reversal.fin')).toMatchObject({
      kind: 'reversal',
      messageType: 'MT546',
      isin: expect.any(String),
    });
  });

  it('a confirmation reads type, ISIN and safekeeping account', () => {
    expect(read('mt546-settled.fin')).toMatchObject({ kind: 'confirmation', messageType: 'MT546' });
    const confirmation = read('mt544-settled.fin');
    expect(confirmation).toMatchObject({ kind: 'confirmation', messageType: 'MT544' });
    expect(confirmation.kind === 'confirmation' && confirmation.safekeepingAccount.length).toBeGreaterThan(0);
  });

  it('a statement for an account that is not one of ours is an exception', () => {
    expect(read('mt535-statement.fin')).toMatchObject({
      kind: 'exception',
      reasonCode: 'UNKNOWN_ACCOUNT',
      messageType: 'MT535',
      messageReference: 'CUST535240131001',
    });
  });

  it('a confirmation without a safekeeping account is an exception', () => {
    const text = readGolden('mt544-settled.fin').replace(/:97A::SAFE\/\/[^\n]*\n/, '');
    expect(messageFromSwift(parseMessage(text))).toMatchObject({
      kind: 'exception',
      reasonCode: 'ACCOUNT_MISSING',
    });
  });
});
