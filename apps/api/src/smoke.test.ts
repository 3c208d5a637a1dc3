import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDb,
  SEED_ACCOUNT_REQUEST,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../test/harness.js';

describe('api smoke', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('creates, reads and lists a securities transfer', async () => {
    const api = callerFor(t);
    const created = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    expect(created.status).toBe('NEW');
    expect(created.place_of_settlement).toBe('DAKVDEFFXXX');
    expect(created.trade_date).toBe('2026-03-03');
    expect(created.settlement_date).toBe('2026-03-04');
    expect(await api.securitiesTransfers.get({ id: created.id })).toEqual(created);
    const list = await api.securitiesTransfers.list({ direction: 'INCOMING' });
    expect(list.meta).toEqual({
      offset: 0,
      limit: 100,
      count: 1,
      total_count: 1,
      sort: 'created_at',
      order: 'ASC',
    });
  });

  it('creates an account transfer with one child per instrument', async () => {
    const api = callerFor(t);
    const created = await api.accountTransfers.create({
      ...SEED_ACCOUNT_REQUEST,
      instruments: [...SEED_ACCOUNT_REQUEST.instruments],
    });
    expect(created.status).toBe('NEW');
    expect(created.instruments.map((i) => [i.id, i.status])).toEqual([
      ['US0378331005', 'NEW'],
      ['US64110L1061', 'NEW'],
    ]);
    const cancelled = await api.accountTransfers.cancel({ id: created.id });
    expect(cancelled.status).toBe('CANCELLED');
  });
});
