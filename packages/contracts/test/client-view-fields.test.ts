// status_reason, deadline and cancellation are optional additions: a seed
// example without them still parses (seed-examples.test.ts), and one with them
// parses as documented.
import { describe, expect, it } from 'vitest';
import {
  ListSecuritiesTransfersQuerySchema,
  SecuritiesTransferSchema,
  SecuritiesTransferValidationSchema,
} from '../src/index.js';

const transfer = {
  id: '019caa1e-0000-7000-8000-000000000001',
  created_at: '2026-03-02T09:00:00.000Z',
  updated_at: '2026-03-18T09:00:00.000Z',
  direction: 'OUTGOING',
  status: 'PROCESSING',
  transfer_type: 'NO_OWNER_CHANGE',
  instrument_id: 'US0378331005',
  instrument_id_type: 'ISIN',
  quantity: '5',
  user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
  account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
  settlement_reference: 'REF',
  counterparty: { bic: 'DUMBZZ33XXX' },
};

describe('the client-view fields', () => {
  it('parse on a transfer as documented', () => {
    const shown = {
      ...transfer,
      status_reason: { code: 'CUSTODIAN_PENDING', text: 'LACK OF SECURITIES', custodian_code: 'LACK' },
      deadline: { kind: 'TRANSFER_LIMIT', date: '2026-03-23', state: 'AT_RISK' },
      cancellation: {
        requested_at: '2026-03-10T10:00:00.000Z',
        requested_by: 'CLIENT',
        state: 'DENIED',
        reason: 'DPRG: SETTLEMENT IN PROGRESS',
      },
    };
    expect(SecuritiesTransferSchema.parse(shown)).toEqual(shown);
  });

  it('refuse values outside their lists, so a typo in our own output is caught', () => {
    const bad = { ...transfer, deadline: { kind: 'TRANSFER_LIMIT', date: '2026-03-23', state: 'LATE' } };
    expect(SecuritiesTransferSchema.safeParse(bad).success).toBe(false);
    expect(
      SecuritiesTransferSchema.safeParse({
        ...transfer,
        cancellation: { requested_at: 'x', requested_by: 'CLIENT', state: 'DONE' },
      }).success,
    ).toBe(false);
  });

  it('filter lists by deadline state and reason code, and refuse other values', () => {
    const query = {
      direction: 'OUTGOING',
      deadline_state: 'OVERDUE',
      status_reason: 'INSUFFICIENT_POSITION',
    };
    expect(ListSecuritiesTransfersQuerySchema.parse(query)).toMatchObject(query);
    expect(ListSecuritiesTransfersQuerySchema.safeParse({ ...query, status_reason: 'NOPE' }).success).toBe(
      false,
    );
  });

  it('describe a validation answer', () => {
    const answer = {
      valid: false,
      findings: [{ code: 'INSUFFICIENT_POSITION', field: 'quantity', message: '10 requested, 5 available' }],
      trade_date: '2026-03-03',
      settlement_date: '2026-03-04',
      date_adjustments: [],
      deadline: { kind: 'TRANSFER_LIMIT', date: '2026-03-23', state: 'ON_TRACK' },
      place_of_settlement: 'DAKVDEFFXXX',
    };
    expect(SecuritiesTransferValidationSchema.parse(answer)).toEqual(answer);
  });
});
