import { describe, expect, it } from 'vitest';
import { planBundles } from './claim.js';

const row = (sub: string, seq: number, object: string, attempts = 0, tenant = `tenant-of-${sub}`) => ({
  subscription_id: sub,
  tenant_id: tenant,
  event_seq: seq,
  object_id: object,
  attempts,
});

describe('planBundles', () => {
  it('bundles fresh objects of one subscription, each object whole and in order', () => {
    const plans = planBundles(
      [row('s', 1, 'a'), row('s', 2, 'b'), row('s', 3, 'a'), row('t', 4, 'c')],
      10,
      100,
    );
    expect(plans).toEqual([
      { subscriptionId: 's', seqs: [1, 2, 3], attempts: 0 },
      { subscriptionId: 't', seqs: [4], attempts: 0 },
    ]);
  });

  it('never splits an object across two bundles in flight', () => {
    const plans = planBundles(
      [row('s', 1, 'a'), row('s', 2, 'b'), row('s', 3, 'b'), row('s', 4, 'a')],
      10,
      2,
    );
    expect(plans).toEqual([
      { subscriptionId: 's', seqs: [1, 4], attempts: 0 },
      { subscriptionId: 's', seqs: [2, 3], attempts: 0 },
    ]);
    // An object longer than a bundle sends its first events; the rest wait behind them.
    expect(planBundles([row('s', 1, 'a'), row('s', 2, 'a'), row('s', 3, 'a')], 10, 2)).toEqual([
      { subscriptionId: 's', seqs: [1, 2], attempts: 0 },
    ]);
  });

  it('sends an object in retry on its own, and respects the bundle limit', () => {
    const plans = planBundles([row('s', 1, 'a', 3), row('s', 2, 'b'), row('s', 3, 'a')], 10, 100);
    expect(plans).toEqual([
      { subscriptionId: 's', seqs: [1, 3], attempts: 3 },
      { subscriptionId: 's', seqs: [2], attempts: 0 },
    ]);
    expect(planBundles([row('s', 1, 'a', 1), row('s', 2, 'b', 1), row('s', 3, 'c', 1)], 2, 100)).toHaveLength(
      2,
    );
  });

  it('opens no bundle beyond the in-flight caps per subscription and per tenant', () => {
    const retrying = [1, 2, 3, 4, 5].map((seq) => row('dead', seq, `o${seq}`, 2, 'A'));
    const others = [row('alive', 6, 'x', 0, 'A'), row('b', 7, 'y', 0, 'B')];
    const caps = { perSubscription: 2, perTenant: 3 };
    const plans = planBundles([...retrying, ...others], 16, 100, {
      bySubscription: new Map([['dead', 1]]),
      byTenant: new Map([['A', 1]]),
      ...caps,
    });
    expect(plans.map((p) => p.subscriptionId)).toEqual(['dead', 'alive', 'b']);
  });
});
