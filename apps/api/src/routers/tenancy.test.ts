import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  clientActor,
  createTestDb,
  DEMO,
  SEED_ACCOUNT_REQUEST,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';

describe('tenant isolation', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('a second tenant sees nothing of the first and gets 404 for its ids', async () => {
    const demo = callerFor(t);
    const other = callerFor(t, { actor: clientActor(DEMO.otherTenant) });
    const st = await demo.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const at = await demo.accountTransfers.create({
      ...SEED_ACCOUNT_REQUEST,
      instruments: [...SEED_ACCOUNT_REQUEST.instruments],
    });
    for (const direction of ['INCOMING', 'OUTGOING'] as const) {
      expect((await other.securitiesTransfers.list({ direction })).meta.total_count).toBe(0);
      expect((await other.securitiesTransfers.list({ direction, account_id: DEMO.account })).data).toEqual(
        [],
      );
      expect((await other.accountTransfers.list({ direction })).data).toEqual([]);
    }
    await expect(other.securitiesTransfers.get({ id: st.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.securitiesTransfers.cancel({ id: st.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(other.accountTransfers.get({ id: at.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.accountTransfers.cancel({ id: at.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.reference.positions({ account_id: DEMO.account })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await other.reference.accounts()).map((a) => a.id)).toEqual([DEMO.otherTenantAccount]);
    // Nor can it create against the first tenant's account.
    await expect(other.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await demo.securitiesTransfers.get({ id: st.id })).status).toBe('NEW');
  });

  it('serves reference data: accounts, positions with reservations, instruments', async () => {
    const demo = callerFor(t);
    const accounts = await demo.reference.accounts({ user_id: DEMO.user });
    expect(accounts.map((a) => [a.id, a.status])).toEqual(
      expect.arrayContaining([
        [DEMO.account, 'ACTIVE'],
        [DEMO.inactiveAccount, 'INACTIVE'],
      ]),
    );
    expect(await demo.reference.account({ id: DEMO.account })).toMatchObject({ user_id: DEMO.user });
    const positions = await demo.reference.positions({ account_id: DEMO.account });
    expect(positions.find((p) => p.isin === 'US64110L1061')).toMatchObject({
      quantity: '7.5',
      reserved: '0',
      available_whole_units: '7',
    });
    const instruments = await demo.reference.instruments();
    expect(instruments.find((i) => i.isin === 'US5949181045')?.enabled).toBe(false);
    expect(instruments.find((i) => i.isin === 'US88160R1014')?.place_of_settlement).toBe('CEDELULLXXX');
  });
});
