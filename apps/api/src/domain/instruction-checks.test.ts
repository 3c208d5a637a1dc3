import { describe, expect, it } from 'vitest';
import { findRefusals, type InstructionFacts, type InstructionSubject } from './instruction-checks.js';

const subject = (over: Partial<InstructionSubject> = {}): InstructionSubject => ({
  accountId: 'acc-1',
  isin: 'DE0007164600',
  quantity: '10',
  direction: 'OUTGOING',
  ...over,
});
const facts = (over: Partial<InstructionFacts> = {}): InstructionFacts => ({
  accountStatus: 'ACTIVE',
  instrumentEnabled: true,
  availableUnits: '10',
  ...over,
});

describe('findRefusals (validate-and-reserve: may this transfer be instructed?)', () => {
  it('finds nothing when the account is active, the ISIN enabled and the units there', () => {
    expect(findRefusals(subject(), facts())).toEqual([]);
    expect(findRefusals(subject({ direction: 'INCOMING' }), facts({ availableUnits: undefined }))).toEqual(
      [],
    );
  });

  it('reports every reason, in the order the asynchronous check cancels with the first', () => {
    const found = findRefusals(
      subject({ quantity: '12.5' }),
      facts({ accountStatus: 'CLOSED', instrumentEnabled: false, availableUnits: '3' }),
    );
    expect(found).toEqual([
      { code: 'ACCOUNT_INACTIVE', field: 'account_id', text: 'account acc-1 is CLOSED' },
      {
        code: 'INSTRUMENT_NOT_ENABLED',
        field: 'instrument_id',
        text: 'DE0007164600 is not in the enabled instrument list',
      },
      {
        code: 'FRACTIONAL_QUANTITY',
        field: 'quantity',
        text: '12.5 is not a whole number of units; only whole units can settle',
      },
      { code: 'INSUFFICIENT_POSITION', field: 'quantity', text: '12.5 requested, 3 available' },
    ]);
  });

  it('names a missing account, and counts no position as none available', () => {
    expect(findRefusals(subject(), facts({ accountStatus: undefined, availableUnits: undefined }))).toEqual([
      { code: 'ACCOUNT_INACTIVE', field: 'account_id', text: 'account acc-1 is missing' },
      { code: 'INSUFFICIENT_POSITION', field: 'quantity', text: '10 requested, 0 available' },
    ]);
  });

  it('never refuses an INCOMING transfer for units it does not hold', () => {
    expect(
      findRefusals(subject({ direction: 'INCOMING', quantity: '1000' }), facts({ availableUnits: '0' })),
    ).toEqual([]);
  });
});
