import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import type { Actor } from '../context.js';
import { HEALTH_SHARED_MS } from '../services/admin/console-health.js';

// Every open console polls the health panel: one computation serves them all
// for HEALTH_SHARED_MS by the api's clock, then the next poll computes afresh.

const VIEWER: Actor = { kind: 'operator', operatorId: 'op-v', email: 'viewer@example.com', role: 'viewer' };

describe('the health panel shared by every open console', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('answers every console from one computation for a short interval, then computes afresh', async () => {
    const create = (ref: string) =>
      callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, settlement_reference: ref });
    const consoleA = callerFor(t, { actor: VIEWER }).admin;
    const consoleB = callerFor(t, { actor: VIEWER }).admin;
    await create('SHARED-1');
    const first = await consoleA.health();
    expect(first.reconciler.new).toBe(1);

    await create('SHARED-2');
    t.clock.set(new Date(t.clock.now().getTime() + HEALTH_SHARED_MS - 1));
    const shared = await consoleB.health();
    expect(shared).toEqual(first);

    t.clock.set(new Date(t.clock.now().getTime() + 1));
    const fresh = await consoleB.health();
    expect(fresh.reconciler.new).toBe(2);
    expect(fresh.now).toBe(t.clock.now().toISOString());
  });
});
