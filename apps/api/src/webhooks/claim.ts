import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { webhookSubscriptions } from '../db/schema/index.js';
import type { OutboxEventText } from './event-json.js';
import { type CandidateRow, deliveryStatements } from './statements.js';

/** One POST: events of one subscription, each object's events complete and in order. */
export interface Bundle {
  subscriptionId: string;
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
}

/**
 * Picks what to send now and leases it, in one write transaction (SQLite has
 * no SKIP LOCKED; the lease is `next_attempt_at` moved past the request timeout).
 *
 * A pending delivery is eligible when it and every earlier pending delivery of
 * the same object for that subscription are due: a failing or in-flight event
 * holds back the later events of its object only. Objects in retry travel
 * alone, so one failing transfer cannot keep failing another's bundle.
 */
export function claimBundles(db: Db, options: ClaimOptions): Bundle[] {
  if (options.maxBundles <= 0) return [];
  const now = options.now.toISOString();
  const scan = options.maxBundles * options.maxEventsPerBundle + 100;
  const statements = deliveryStatements(db);
  return db.transaction(
    (tx) => {
      const candidates = statements.candidates.all(now, now, scan);
      const planned = planBundles(candidates, options.maxBundles, options.maxEventsPerBundle);
      if (planned.length === 0) return [];
      const leaseUntil = options.leaseUntil.toISOString();
      const events = new Map<number, OutboxEventText>();
      for (const event of statements.eventsBySeq.all(JSON.stringify(planned.flatMap((b) => b.seqs)))) {
        events.set(event.seq, event);
      }
      const urls = new Map(
        tx
          .select({ id: webhookSubscriptions.id, url: webhookSubscriptions.url })
          .from(webhookSubscriptions)
          .where(inArray(webhookSubscriptions.id, [...new Set(planned.map((b) => b.subscriptionId))]))
          .all()
          .map((s) => [s.id, s.url]),
      );
      return planned.map((plan) => {
        for (const seq of plan.seqs) statements.lease.run(leaseUntil, plan.subscriptionId, seq);
        return {
          subscriptionId: plan.subscriptionId,
          url: urls.get(plan.subscriptionId) ?? '',
          attempts: plan.attempts,
          events: plan.seqs.flatMap((seq) => events.get(seq) ?? []),
        };
      });
    },
    { behavior: 'immediate' },
  );
}

interface Plan {
  subscriptionId: string;
  seqs: number[];
  attempts: number;
}

/** Groups candidates (in seq order) by subscription and object, then packs whole object groups. */
export function planBundles(
  candidates: readonly CandidateRow[],
  maxBundles: number,
  maxEvents: number,
): Plan[] {
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
      if (plans.length < maxBundles) {
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
    if (plans.length >= maxBundles) continue;
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
