import { STATUS_REASON_CODES } from '@tbo/contracts';
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from '../../../test/harness.js';
import { sqlRun } from '../../../test/inspect.js';
import { securitiesTransfers } from '../../db/tables.js';
import { statusReasonCondition } from '../../repositories/transfer-list-filters.js';
import { statusReasonOf } from './status-reason.js';

// What a stored transfer can hold, as the services write it.
const STATES: Record<string, string | null>[] = [
  {
    status: 'CANCELLED',
    cancel_reason_code: 'INSUFFICIENT_POSITION',
    cancel_reason_text: '26 requested, 25 available',
  },
  { status: 'CANCELLED', cancel_reason_code: 'ACCOUNT_INACTIVE' },
  { status: 'CANCELLED', cancel_reason_code: 'INSTRUMENT_NOT_ENABLED' },
  { status: 'CANCELLED', cancel_reason_code: 'FRACTIONAL_QUANTITY' },
  { status: 'CANCELLED', cancel_reason_code: 'INSTRUCTION_INVALID' },
  { status: 'CANCELLED', cancel_reason_code: 'EXPIRED' },
  {
    status: 'CANCELLED',
    cancel_reason_code: 'CUSTODIAN_REJECTED:SAFE',
    cancel_reason_text: 'unknown account',
  },
  { status: 'CANCELLED', cancel_reason_code: 'CANCELLED_BY_REQUEST', cancellation_requested_by: 'CLIENT' },
  { status: 'CANCELLED', cancel_reason_code: 'CANCELLED_BY_REQUEST', cancellation_requested_by: null },
  { status: 'CANCELLED', cancel_reason_code: 'CANCELLED_BY_REQUEST', cancellation_requested_by: 'OPERATOR' },
  { status: 'CANCELLED', cancel_reason_code: 'CANCELLED_BY_OPERATOR', cancel_reason_text: 'internal note' },
  { status: 'CANCELLED', cancel_reason_code: 'REJECTED_BY_OPERATOR' },
  { status: 'CANCELLED', cancel_reason_code: 'CANCELLED_AT_CUSTODIAN' },
  { status: 'CANCELLED', cancel_reason_code: 'SOMETHING_NEW' },
  { status: 'CANCELLED', cancel_reason_code: null },
  { status: 'PROCESSING', custodian_status: 'MTCH//NMAT', custodian_reason_code: 'CMIS' },
  { status: 'PROCESSING', custodian_status: 'SETT//PENF', custodian_reason_code: 'LACK' },
  { status: 'PROCESSING', custodian_status: 'SETT//PEND' },
  { status: 'PROCESSING', custodian_status: 'IPRC//PACK' },
  { status: 'PROCESSING', custodian_status: 'CPRC//DEND', custodian_reason_code: 'DPRG' },
  { status: 'PROCESSING', custodian_status: null },
  { status: 'SETTLED', custodian_status: 'SETT//PENF' },
  { status: 'NEW' },
];

describe('status_reason: the list filter selects what GET shows', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('agrees with statusReasonOf for every code over every stored state', async () => {
    const api = callerFor(t);
    for (const state of STATES) {
      const { id } = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
      const columns = Object.keys(state);
      await sqlRun(
        t.db,
        `UPDATE securities_transfers SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
        ...columns.map((c) => state[c]),
        id,
      );
    }
    const rows = await t.db.select().from(securitiesTransfers).orderBy(asc(securitiesTransfers.id));
    const shown = new Set<string>();
    for (const code of STATUS_REASON_CODES) {
      const selected = (
        await t.db
          .select({ id: securitiesTransfers.id })
          .from(securitiesTransfers)
          .where(statusReasonCondition('SECURITIES_TRANSFER', code))
          .orderBy(asc(securitiesTransfers.id))
      ).map((r) => r.id);
      const expected = rows.filter((r) => statusReasonOf(r)?.code === code).map((r) => r.id);
      expect(selected, code).toEqual(expected);
      if (expected.length > 0) shown.add(code);
    }
    // Every code is reachable from a stored state, so none is checked against an empty set only.
    expect([...shown].sort()).toEqual([...STATUS_REASON_CODES].sort());
  });

  it('shows the custodian’s code and keeps an operator’s note internal', () => {
    const base = {
      cancelReasonText: null,
      cancellationRequestedBy: null,
      custodianStatus: null,
      custodianReasonCode: null,
      custodianReasonText: null,
    };
    expect(
      statusReasonOf({ ...base, status: 'CANCELLED', cancelReasonCode: 'CUSTODIAN_REJECTED:SAFE' }),
    ).toEqual({
      code: 'CUSTODIAN_REJECTED',
      text: 'rejected by the custodian (SAFE)',
      custodian_code: 'SAFE',
    });
    expect(
      statusReasonOf({
        ...base,
        status: 'CANCELLED',
        cancelReasonCode: 'CANCELLED_BY_OPERATOR',
        cancelReasonText: 'fraud check',
      }),
    ).toEqual({ code: 'OPERATOR_CANCELLED', text: 'cancelled by operations' });
    expect(
      statusReasonOf({
        ...base,
        status: 'PROCESSING',
        cancelReasonCode: null,
        custodianStatus: 'MTCH//NMAT',
        custodianReasonCode: 'CMIS',
      }),
    ).toEqual({
      code: 'CUSTODIAN_UNMATCHED',
      text: 'the custodian reports MTCH//NMAT (CMIS)',
      custodian_code: 'CMIS',
    });
  });
});
