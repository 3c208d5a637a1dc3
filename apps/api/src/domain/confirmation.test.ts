import { describe, expect, it } from 'vitest';
import {
  checkManualSettlement,
  decideConfirmation,
  decideReversal,
  type SettlingTransfer,
} from './confirmation.js';
import { refusalOf as refusal } from './refusal.test-support.js';

const outgoing: SettlingTransfer = {
  id: 't-1',
  status: 'PROCESSING',
  direction: 'OUTGOING',
  quantity: '100',
  quantitySettled: '40',
  reservedQuantity: '60',
};
const confirmation = (quantity: string) => ({
  messageReference: 'MSG-1',
  quantity,
  effectiveDate: '2026-12-04',
});

describe('decideConfirmation', () => {
  it('settles part, then the rest, using up the reservation of an OUTGOING transfer', () => {
    expect(decideConfirmation(outgoing, confirmation('10'))).toEqual({
      settled: '50',
      complete: false,
      consumed: '10',
      reservedAfter: '50',
    });
    expect(decideConfirmation(outgoing, confirmation('60'))).toEqual({
      settled: '100',
      complete: true,
      consumed: '60',
      reservedAfter: '0',
    });
  });

  it('reserves nothing for an INCOMING transfer', () => {
    const incoming = { ...outgoing, direction: 'INCOMING', reservedQuantity: '0' };
    expect(decideConfirmation(incoming, confirmation('60'))).toMatchObject({
      consumed: '0',
      reservedAfter: '0',
    });
  });

  it('refuses more than instructed, fractions, zero, and a NEW or CANCELLED transfer', () => {
    expect(refusal(() => decideConfirmation(outgoing, confirmation('61')))).toBe(
      'UNPROCESSABLE: confirmation MSG-1 would settle 101 of 100 (more than instructed)',
    );
    expect(refusal(() => decideConfirmation(outgoing, confirmation('1.5')))).toMatch(
      /must be whole units above 0/,
    );
    expect(refusal(() => decideConfirmation(outgoing, confirmation('0')))).toMatch(
      /must be whole units above 0/,
    );
    for (const status of ['NEW', 'CANCELLED']) {
      expect(refusal(() => decideConfirmation({ ...outgoing, status }, confirmation('1')))).toBe(
        `TRANSITION_NOT_ALLOWED: transfer t-1 is ${status}; cannot confirm`,
      );
    }
  });
});

describe('decideReversal', () => {
  it('gives a PROCESSING OUTGOING transfer its units back to reserve, and no other', () => {
    expect(decideReversal(outgoing, '40')).toEqual({ settled: '0', reReserve: true, reservedAfter: '100' });
    expect(decideReversal({ ...outgoing, status: 'SETTLED', quantitySettled: '100' }, '40')).toEqual({
      settled: '60',
      reReserve: false,
      reservedAfter: '60',
    });
  });
});

describe('checkManualSettlement', () => {
  it('takes whole units up to what is left, dated today or before', () => {
    expect(() =>
      checkManualSettlement(outgoing, { quantity: '60', date: '2026-12-04' }, '2026-12-04'),
    ).not.toThrow();
    expect(
      refusal(() => checkManualSettlement(outgoing, { quantity: '61', date: '2026-12-04' }, '2026-12-04')),
    ).toBe('VALIDATION_FAILED: at most 60 units are left to settle');
    expect(
      refusal(() => checkManualSettlement(outgoing, { quantity: '1', date: '2026-12-05' }, '2026-12-04')),
    ).toBe('VALIDATION_FAILED: the settlement date cannot be in the future');
    expect(
      refusal(() =>
        checkManualSettlement(
          { ...outgoing, status: 'NEW' },
          { quantity: '1', date: '2026-12-04' },
          '2026-12-04',
        ),
      ),
    ).toBe('TRANSITION_NOT_ALLOWED: only a PROCESSING transfer can be settled; t-1 is NEW');
  });
});
