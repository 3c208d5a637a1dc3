import type { Executor } from '../db/types.js';
import {
  type CandidateRow,
  leaseDelivery,
  listDeliveryCandidates,
} from '../repositories/webhook-deliveries.js';
import { listEventsBySeq } from '../repositories/webhook-events.js';
import { listSubscriptionTargets } from '../repositories/webhook-subscriptions.js';
import type { OutboxEventText } from './event-json.js';

/** One POST: events of one subscription, each object's events complete and in order. */
export interface Bundle {
  subscriptionId: string;
  tenantId: string;
  url: string;
  /** Failed attempts so far (the highest among the bundle's events). */
  attempts: number;
  events: OutboxEventText[];
}

export interface ClaimOptions {
  now: Date;
  /** Claimed deliveries are not due again before this (the crash-recovery lease). */
  leaseUntil: Date;
  maxBundles: number;
  maxEventsPerBundle: number;
  /** Bundles in flight per subscription and per tenant, and the caps they may not exceed. */
  inFlight?: InFlight;
}

export interface InFlight {
  bySubscription: ReadonlyMap<string, number>;
  byTenant: ReadonlyMap<string, number>;
  perSubscription: number;
  perTenant: number;
}

const NO_CAPS: InFlight = {
  bySubscription: new Map(),
  byTenant: new Map(),
  perSubscription: Number.POSITIVE_INFINITY,
  perTenant: Number.POSITIVE_INFINITY,
};

function saturated(counts: ReadonlyMap<string, number>, cap: number): string[] {
  return [...counts].filter(([, n]) => n >= cap).map(([key]) => key);
}

/**
 * Picks what to send now and leases it, in the caller's write transaction
 * (the `dispatch.claimBundles` command; SQLite has no SKIP LOCKED, the lease
 * is `next_attempt_at` moved past the request timeout).
 *
 * A pending delivery is eligible when it and every earlier pending delivery of
 * the same object for that subscription are due: a failing or in-flight event
 * holds back the later events of its object only. Objects in retry travel
 * alone, so one failing transfer cannot keep failing another's bundle.
 */
export async function claimBundles(tx: Executor, options: ClaimOptions): Promise<Bundle[]> {
  if (options.maxBundles <= 0) return [];
  const now = options.now.toISOString();
  const scan = options.maxBundles * options.maxEventsPerBundle + 100;
  const inFlight = options.inFlight ?? NO_CAPS;
  const candidates = await listDeliveryCandidates(tx, {
    now,
    fullSubscriptions: saturated(inFlight.bySubscription, inFlight.perSubscription),
    fullTenants: saturated(inFlight.byTenant, inFlight.perTenant),
    limit: scan,
  });
  const planned = planBundles(candidates, options.maxBundles, options.maxEventsPerBundle, inFlight);
  if (planned.length === 0) return [];
  const leaseUntil = options.leaseUntil.toISOString();
  const events = new Map<number, OutboxEventText>();
  for (const event of await listEventsBySeq(
    tx,
    planned.flatMap((b) => b.seqs),
  )) {
    events.set(event.seq, event);
  }
  const targets = new Map(
    (await listSubscriptionTargets(tx, [...new Set(planned.map((b) => b.subscriptionId))])).map((s) => [
      s.id,
      s,
    ]),
  );
  const bundles: Bundle[] = [];
  for (const plan of planned) {
    for (const seq of plan.seqs) await leaseDelivery(tx, plan.subscriptionId, seq, leaseUntil);
    bundles.push({
      subscriptionId: plan.subscriptionId,
      tenantId: targets.get(plan.subscriptionId)?.tenantId ?? '',
      url: targets.get(plan.subscriptionId)?.url ?? '',
      attempts: plan.attempts,
      events: plan.seqs.flatMap((seq) => events.get(seq) ?? []),
    });
  }
  return bundles;
}

interface Plan {
  subscriptionId: string;
  seqs: number[];
  attempts: number;
}

/**
 * Groups candidates (in seq order) by subscription and object, then packs
 * whole object groups; a new bundle is opened only while its subscription and
 * tenant are below their in-flight caps, so one dead endpoint (or one tenant's
 * many) holds a few of the shared slots, never all of them.
 */
export function planBundles(
  candidates: readonly CandidateRow[],
  maxBundles: number,
  maxEvents: number,
  inFlight: InFlight = NO_CAPS,
): Plan[] {
  const subscriptions = new Map(inFlight.bySubscription);
  const tenants = new Map(inFlight.byTenant);
  const tenantOf = new Map(candidates.map((c) => [c.subscription_id, c.tenant_id]));
  /** Takes a slot for a new bundle of the subscription, if its caps allow. */
  const takeSlot = (subscriptionId: string): boolean => {
    const tenantId = tenantOf.get(subscriptionId) ?? '';
    const bySubscription = subscriptions.get(subscriptionId) ?? 0;
    const byTenant = tenants.get(tenantId) ?? 0;
    if (bySubscription >= inFlight.perSubscription || byTenant >= inFlight.perTenant) return false;
    subscriptions.set(subscriptionId, bySubscription + 1);
    tenants.set(tenantId, byTenant + 1);
    return true;
  };
  const groups = new Map<
    string,
    { subscriptionId: string; seqs: number[]; attempts: number; retry: boolean }
  >();
  for (const c of candidates) {
    const key = `${c.subscription_id}\u0000${c.object_id}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        subscriptionId: c.subscription_id,
        seqs: [c.event_seq],
        attempts: c.attempts,
        retry: c.attempts > 0,
      });
    } else if (group.seqs.length < maxEvents) {
      group.seqs.push(c.event_seq);
      group.attempts = Math.max(group.attempts, c.attempts);
    }
  }
  const plans: Plan[] = [];
  const open = new Map<string, Plan>();
  for (const group of groups.values()) {
    if (plans.length >= maxBundles && !open.has(group.subscriptionId)) continue;
    if (group.retry) {
      if (plans.length < maxBundles && takeSlot(group.subscriptionId)) {
        plans.push({ subscriptionId: group.subscriptionId, seqs: [...group.seqs], attempts: group.attempts });
      }
      continue;
    }
    const current = open.get(group.subscriptionId);
    if (current && current.seqs.length + group.seqs.length <= maxEvents) {
      current.seqs.push(...group.seqs);
      current.attempts = Math.max(current.attempts, group.attempts);
      continue;
    }
    if (plans.length >= maxBundles || !takeSlot(group.subscriptionId)) continue;
    const plan: Plan = {
      subscriptionId: group.subscriptionId,
      seqs: [...group.seqs],
      attempts: group.attempts,
    };
    plans.push(plan);
    open.set(group.subscriptionId, plan);
  }
  for (const plan of plans) plan.seqs.sort((a, b) => a - b);
  return plans;
}
