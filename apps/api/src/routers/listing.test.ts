import { ListAccountTransfersResponseSchema, ListSecuritiesTransfersResponseSchema } from '@tbo/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDb,
  DEMO,
  SEED_ACCOUNT_REQUEST,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { problemOf, rowOf } from '../../test/inspect.js';
import { transitionSecuritiesTransfer } from '../services/transitions.js';

describe('listing transfers', () => {
  let t: TestDb;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    const api = callerFor(t);
    // 6 INCOMING for the first account (one per minute), 3 INCOMING for the second, 2 OUTGOING.
    for (let i = 0; i < 6; i++) {
      ids.push(
        (
          await api.securitiesTransfers.create({
            ...SEED_SECURITIES_REQUEST,
            settlement_reference: `REF${i}`,
          })
        ).id,
      );
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    }
    for (let i = 0; i < 3; i++) {
      await api.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        user_id: DEMO.secondUser,
        account_id: DEMO.secondAccount,
      });
    }
    for (let i = 0; i < 2; i++) {
      await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, direction: 'OUTGOING' });
    }
    await api.accountTransfers.create({
      ...SEED_ACCOUNT_REQUEST,
      instruments: [...SEED_ACCOUNT_REQUEST.instruments],
    });
    // Touch the oldest later so updated_at order differs from created_at order.
    t.clock.set(new Date(t.clock.now().getTime() + 3_600_000));
    await transitionSecuritiesTransfer(t.db, await rowOf(t.db, ids[0]!), 'PROCESSING', {
      actor: 'reconciler',
      at: t.clock.now().toISOString(),
    });
  });
  afterAll(() => t.close());

  it('applies the defaults and counts every row of the direction', async () => {
    const page = await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING' });
    // Items are not re-validated on the way out; the published schema must still accept every one.
    expect(ListSecuritiesTransfersResponseSchema.parse(page)).toEqual(page);
    const accounts = await callerFor(t).accountTransfers.list({ direction: 'INCOMING' });
    expect(ListAccountTransfersResponseSchema.parse(accounts)).toEqual(accounts);
    // 6 + 3 + the 2 children of the account transfer.
    expect(page.meta).toEqual({
      offset: 0,
      limit: 100,
      count: 11,
      total_count: 11,
      sort: 'created_at',
      order: 'ASC',
    });
    const created = page.data.map((d) => d.created_at);
    expect([...created].sort()).toEqual(created);
    expect(page.data.every((d) => d.direction === 'INCOMING')).toBe(true);
  });

  it('filters by status, user, account and account group', async () => {
    const api = callerFor(t);
    const processing = await api.securitiesTransfers.list({ direction: 'INCOMING', status: 'PROCESSING' });
    expect(processing.data.map((d) => d.id)).toEqual([ids[0]]);
    expect(processing.meta.total_count).toBe(1);
    const second = await api.securitiesTransfers.list({ direction: 'INCOMING', user_id: DEMO.secondUser });
    expect(second.meta.total_count).toBe(3);
    expect(second.data.every((d) => d.account_id === DEMO.secondAccount)).toBe(true);
    const account = await api.securitiesTransfers.list({
      direction: 'INCOMING',
      account_id: DEMO.account,
      status: 'NEW',
    });
    expect(account.meta.total_count).toBe(7);
    const group = await api.securitiesTransfers.list({
      direction: 'INCOMING',
      account_group_id: DEMO.accountGroup,
    });
    expect(group.meta.total_count).toBe(11);
    const outgoing = await api.securitiesTransfers.list({ direction: 'OUTGOING' });
    expect(outgoing.meta.total_count).toBe(2);
    const accounts = await api.accountTransfers.list({ direction: 'INCOMING', status: 'NEW' });
    expect(accounts.meta.total_count).toBe(1);
    expect(accounts.data[0]?.instruments).toHaveLength(2);
  });

  it('sorts by created_at or updated_at, both orders, with a stable tie-break', async () => {
    const api = callerFor(t);
    const desc = await api.securitiesTransfers.list({ direction: 'INCOMING', order: 'DESC' });
    const asc = await api.securitiesTransfers.list({ direction: 'INCOMING', order: 'ASC' });
    expect(desc.data.map((d) => d.id)).toEqual(asc.data.map((d) => d.id).reverse());
    const byUpdate = await api.securitiesTransfers.list({
      direction: 'INCOMING',
      sort: 'updated_at',
      order: 'DESC',
    });
    expect(byUpdate.data[0]?.id).toBe(ids[0]);
    expect(byUpdate.meta.sort).toBe('updated_at');
    // Rows created in the same millisecond come back in id order, page after page.
    const sameInstant = asc.data.filter((d) => d.created_at === asc.data.at(-1)?.created_at).map((d) => d.id);
    expect(sameInstant.length).toBeGreaterThan(1);
    expect(sameInstant).toEqual([...sameInstant].sort());
  });

  it('paginates with offset and limit without gaps or repeats', async () => {
    const api = callerFor(t);
    const seen: string[] = [];
    for (let offset = 0; offset < 11; offset += 4) {
      const page = await api.securitiesTransfers.list({ direction: 'INCOMING', offset, limit: 4 });
      expect(page.meta).toMatchObject({ offset, limit: 4, total_count: 11, count: Math.min(4, 11 - offset) });
      seen.push(...page.data.map((d) => d.id));
    }
    expect(new Set(seen).size).toBe(11);
    const all = await api.securitiesTransfers.list({ direction: 'INCOMING' });
    expect(seen).toEqual(all.data.map((d) => d.id));
    const empty = await api.securitiesTransfers.list({ direction: 'INCOMING', limit: 0 });
    expect(empty.meta).toMatchObject({ count: 0, total_count: 11, limit: 0 });
    const beyond = await api.securitiesTransfers.list({ direction: 'INCOMING', offset: 50 });
    expect(beyond.data).toEqual([]);
  });

  it('enforces the bounds and the required direction', async () => {
    const api = callerFor(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ direction: 'INCOMING', limit: 1001 }, 'limit'],
      [{ direction: 'INCOMING', limit: -1 }, 'limit'],
      [{ direction: 'INCOMING', offset: -1 }, 'offset'],
      [{ direction: 'INCOMING', sort: 'id' }, 'sort'],
      [{ direction: 'INCOMING', order: 'asc' }, 'order'],
      [{ direction: 'INCOMING', status: 'DONE' }, 'status'],
      [{ direction: 'INCOMING', user_id: 'nope' }, 'user_id'],
      [{}, 'direction'],
    ];
    for (const [input, field] of cases) {
      const error = await api.securitiesTransfers.list(input as never).catch((e: unknown) => e);
      expect(
        problemOf(error).invalid_params?.map((p) => p.name),
        JSON.stringify(input),
      ).toEqual([field]);
    }
    const max = await api.securitiesTransfers.list({ direction: 'INCOMING', limit: 1000 });
    expect(max.meta.limit).toBe(1000);
  });
});
