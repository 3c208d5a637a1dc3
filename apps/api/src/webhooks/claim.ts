import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outboxEvents, webhookDeliveries, webhookSubscriptions } from '../db/schema/index.js';
import type { OutboxEventText } from './event-json.js';

/** One POST: events of one subscription, each object's events complete and in order. */
export interface Bundle {
  subscriptionId: string;
  url: string;
  /** Failed attempts so far (the highest among the bundle's events). */
  attempts: number;
  events: OutboxEventText[];
}

interface Candidate {
  subscription_id: string;
  event_seq: number;
  object_id: string;
  attempts: number;
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
  const scan = Math.max(options.maxBundles * options.maxEventsPerBundle * 2, 1000);
  return db.transaction(
    (tx) => {
      const candidates = tx.all<Candidate>(sql`
        SELECT d.subscription_id, d.event_seq, d.object_id, d.attempts
        FROM webhook_deliveries d
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= ${now}
          AND s.enabled = 1 AND s.deleted_at IS NULL
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries p
            WHERE p.subscription_id = d.subscription_id AND p.object_id = d.object_id
              AND p.state = 'pending' AND p.event_seq < d.event_seq AND p.next_attempt_at > ${now})
        ORDER BY d.event_seq
        LIMIT ${scan}`);
      const planned = planBundles(candidates, options.maxBundles, options.maxEventsPerBundle);
      if (planned.length === 0) return [];
      const leaseUntil = options.leaseUntil.toISOString();
      const seqs = planned.flatMap((b) => b.seqs);
      const events = new Map<number, OutboxEventText>();
      for (let i = 0; i < seqs.length; i += 500) {
        const chunk = seqs.slice(i, i + 500);
        for (const e of tx
          .select({
            seq: outboxEvents.seq,
            id: outboxEvents.id,
            type: outboxEvents.type,
            createdAt: outboxEvents.createdAt,
            payload: outboxEvents.payload,
          })
          .from(outboxEvents)
          .where(inArray(outboxEvents.seq, chunk))
          .all())
          events.set(e.seq, e);
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
        tx.update(webhookDeliveries)
          .set({ nextAttemptAt: leaseUntil })
          .where(
            and(
              eq(webhookDeliveries.subscriptionId, plan.subscriptionId),
              inArray(webhookDeliveries.eventSeq, plan.seqs),
            ),
          )
          .run();
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
export function planBundles(candidates: readonly Candidate[], maxBundles: number, maxEvents: number): Plan[] {
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
