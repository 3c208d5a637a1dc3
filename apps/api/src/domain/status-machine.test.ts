import {
  ACCOUNT_TRANSFER_STATUSES,
  SECURITIES_TRANSFER_STATUSES,
  type SecuritiesTransferStatus,
} from '@tbo/contracts';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import {
  assertTransition,
  canTransition,
  deriveAccountTransferStatus,
  isFinalStatus,
} from './status-machine.js';

const ALLOWED = new Set(['NEW>PROCESSING', 'NEW>CANCELLED', 'PROCESSING>SETTLED', 'PROCESSING>CANCELLED']);

describe('securities transfer status machine', () => {
  for (const from of SECURITIES_TRANSFER_STATUSES) {
    for (const to of SECURITIES_TRANSFER_STATUSES) {
      const allowed = ALLOWED.has(`${from}>${to}`);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
        if (allowed) expect(() => assertTransition('t', from, to)).not.toThrow();
        else {
          expect(() => assertTransition('t', from, to)).toThrow(AppError);
          try {
            assertTransition('t', from, to);
          } catch (error) {
            expect((error as AppError).code).toBe('TRANSITION_NOT_ALLOWED');
            expect((error as AppError).status).toBe(409);
          }
        }
      });
    }
  }
  it('knows the final statuses', () => {
    expect(SECURITIES_TRANSFER_STATUSES.filter(isFinalStatus)).toEqual(['SETTLED', 'CANCELLED']);
  });
});

describe('account transfer status derived from its children', () => {
  const cases: [SecuritiesTransferStatus[], string][] = [
    [['NEW'], 'NEW'],
    [['NEW', 'NEW'], 'NEW'],
    [['NEW', 'PROCESSING'], 'PROCESSING'],
    [['NEW', 'CANCELLED'], 'PROCESSING'],
    [['PROCESSING', 'SETTLED'], 'PROCESSING'],
    [['SETTLED', 'SETTLED'], 'SETTLED'],
    [['SETTLED', 'CANCELLED'], 'PARTIALLY_SETTLED'],
    [['CANCELLED', 'SETTLED', 'SETTLED'], 'PARTIALLY_SETTLED'],
    [['CANCELLED', 'CANCELLED'], 'CANCELLED'],
  ];
  const nothingSettled = (status: SecuritiesTransferStatus) => ({ status, quantitySettled: '0' });
  for (const [children, expected] of cases) {
    it(`[${children.join(', ')}] → ${expected}`, () => {
      const derived = deriveAccountTransferStatus(children.map(nothingSettled));
      expect(derived).toBe(expected);
      expect(ACCOUNT_TRANSFER_STATUSES).toContain(derived);
    });
  }
  it('counts a child cancelled after a partial settlement as settled units', () => {
    const partlySettled = { status: 'CANCELLED' as const, quantitySettled: '3' };
    expect(deriveAccountTransferStatus([partlySettled])).toBe('PARTIALLY_SETTLED');
    expect(deriveAccountTransferStatus([partlySettled, nothingSettled('CANCELLED')])).toBe(
      'PARTIALLY_SETTLED',
    );
    expect(deriveAccountTransferStatus([{ status: 'CANCELLED', quantitySettled: '0.000' }])).toBe(
      'CANCELLED',
    );
  });
});
