import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDb,
  SEED_ACCOUNT_REQUEST,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { eventsOf, historyOf } from '../../test/inspect.js';
import { ManualClock } from '../lib/clock.js';
import { runWrite } from '../services/write/port.js';

const undated = SEED_SECURITIES_REQUEST;

describe('dates of a transfer (TARGET2 calendar, business day in Europe/Berlin)', () => {
  let t: TestDb;
  beforeEach(async () => {
    // Thursday 2026-12-03, 10:00 in Frankfurt.
    t = await createTestDb(new Date('2026-12-03T09:00:00.000Z'));
  });
  afterEach(() => t.close());

  it('never puts the defaulted trade date after a settlement date sent alone', async () => {
    // Friday: the default trade date T+1 is Monday 2026-12-07, after the settlement date sent.
    const clock = new ManualClock(new Date('2026-12-04T10:00:00.000Z'));
    const created = await callerFor(t, { clock }).securitiesTransfers.create({
      ...undated,
      settlement_date: '2026-12-04',
    });
    expect(created).toMatchObject({ trade_date: '2026-12-04', settlement_date: '2026-12-04' });
    expect((await eventsOf(t.db, created.id)).map((e) => e.type)).toEqual(['SECURITIES_TRANSFER.NEW']);
  });

  it('moves past dates to the first business day from today, with a DATA_CHANGED event', async () => {
    const created = await callerFor(t).securitiesTransfers.create({
      ...undated,
      trade_date: '2020-01-15',
      settlement_date: '2020-01-16',
    });
    expect(created).toMatchObject({ trade_date: '2026-12-03', settlement_date: '2026-12-03' });
    expect((await eventsOf(t.db, created.id)).map((e) => e.type)).toEqual([
      'SECURITIES_TRANSFER.NEW',
      'SECURITIES_TRANSFER.DATA_CHANGED',
    ]);
    expect((await historyOf(t.db, created.id))[1]).toMatchObject({
      reasonCode: 'DATES_ADJUSTED',
      reason:
        'trade_date moved from 2020-01-15 to 2026-12-03 (in the past); settlement_date moved from 2020-01-16 to 2026-12-03 (in the past)',
    });
    // Dates that need no move: no DATA_CHANGED.
    const plain = await callerFor(t).securitiesTransfers.create({ ...undated });
    expect((await eventsOf(t.db, plain.id)).map((e) => e.type)).toEqual(['SECURITIES_TRANSFER.NEW']);
  });

  it('moves the dates of every child of an account transfer, each with its own DATA_CHANGED', async () => {
    const created = await callerFor(t).accountTransfers.create({
      ...SEED_ACCOUNT_REQUEST,
      instruments: [...SEED_ACCOUNT_REQUEST.instruments],
      trade_date: '2019-05-02',
    });
    expect(created).toMatchObject({ trade_date: '2026-12-03', settlement_date: '2026-12-04' });
    for (const child of created.instruments) {
      const got = await callerFor(t).securitiesTransfers.get({ id: child.transfer_id });
      expect(got).toMatchObject({ trade_date: '2026-12-03', settlement_date: '2026-12-04' });
      expect((await eventsOf(t.db, child.transfer_id)).map((e) => e.type)).toEqual([
        'SECURITIES_TRANSFER.NEW',
        'SECURITIES_TRANSFER.DATA_CHANGED',
      ]);
    }
  });

  it('takes "today" in Frankfurt: just after midnight there, T+1 is counted from the new day', async () => {
    // Thursday 23:30 UTC = Friday 00:30 in Frankfurt: T+1 is Monday, not Friday.
    const clock = new ManualClock(new Date('2026-12-03T23:30:00.000Z'));
    const created = await callerFor(t, { clock }).securitiesTransfers.create({ ...undated });
    expect(created).toMatchObject({ trade_date: '2026-12-07', settlement_date: '2026-12-08' });
  });

  it('expires an INCOMING transfer after 30 full days, not at midnight of day 30', async () => {
    const clock = new ManualClock(new Date('2026-12-03T21:00:00.000Z'));
    const created = await callerFor(t, { clock }).securitiesTransfers.create({
      ...undated,
      direction: 'INCOMING',
    });
    const expireAt = async (at: string) =>
      (
        await runWrite(t.writes, {
          op: 'settlement.expireIncoming',
          meta: { actor: 'reconciler', at },
          limit: 1000,
        })
      ).expired;
    expect(await expireAt('2027-01-02T00:00:00.000Z')).toEqual([]);
    expect(await expireAt('2027-01-02T20:59:59.999Z')).toEqual([]);
    expect(await expireAt('2027-01-02T21:00:00.000Z')).toEqual([created.id]);
  });
});
