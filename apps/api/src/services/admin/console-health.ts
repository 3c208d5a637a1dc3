import type { Db } from '../../db/client.js';
import {
  countPendingCapped,
  countUnpublishedCapped,
  findLastOutboxPosition,
  findOldestPendingDue,
  listFailingEndpoints,
  listRecentWorkerPasses,
} from '../../repositories/console-health.js';
import { findFanOutCheckpoint } from '../../repositories/webhook-deliveries.js';
import { DISPATCHER_CHECKPOINT } from '../../webhooks/fan-out.js';
import { workStatus } from '../settlement/work-status.js';

/** Pending deliveries counted at most this far: a larger backlog shows as "10,000+". */
export const BACKLOG_COUNT_CAP = 10_000;

/**
 * How long one computation of the health panel serves every open console: each
 * tab polls it, and five tabs would otherwise run its dozen queries five times
 * over on the api's event loop for figures that move by the second.
 */
export const HEALTH_SHARED_MS = 2_000;

const shared = new WeakMap<Db, { at: number; value: ConsoleHealth }>();

/** The health panel as computed at most HEALTH_SHARED_MS ago (by the api's clock); `now` says when. */
export async function sharedConsoleHealth(db: Db, now: Date): Promise<ConsoleHealth> {
  const last = shared.get(db);
  const age = last === undefined ? -1 : now.getTime() - last.at;
  if (last !== undefined && age >= 0 && age < HEALTH_SHARED_MS) return last.value;
  const value = await consoleHealth(db, now);
  shared.set(db, { at: now.getTime(), value });
  return value;
}

export type ConsoleHealth = Awaited<ReturnType<typeof consoleHealth>>;

/** How far the settlement worker and the webhook dispatcher are behind (polled by the console). */
export async function consoleHealth(db: Db, now: Date) {
  const work = await workStatus(db, now);
  const passes = (await listRecentWorkerPasses(db, 10)).map((p) => ({
    owner: p.owner,
    last_pass_at: p.lastPassAt,
    last_claimed: p.lastClaimed,
    seconds_ago: Math.max(0, Math.round((now.getTime() - Date.parse(p.lastPassAt)) / 1000)),
  }));
  return {
    now: now.toISOString(),
    reconciler: {
      /** Age of the oldest NEW transfer nobody holds: the worker's lag. */
      lag_seconds: work.oldestUnclaimedNewAgeSeconds,
      oldest_unclaimed_new_at: work.oldestUnclaimedNewAt,
      new: work.counts.NEW,
      processing: work.counts.PROCESSING,
      leased: work.leased,
      retrying: work.retrying,
      parked: work.parked,
      cancellations_to_forward: work.cancellationsToForward,
      open_exceptions: work.openExceptions,
      open_breaks: work.openBreaks,
      /** Each worker's latest claim: when it last asked for work. */
      passes,
    },
    dispatcher: await dispatcherHealth(db),
  };
}

async function dispatcherHealth(db: Db) {
  // The partial pending index, read at most BACKLOG_COUNT_CAP + 1 entries far.
  const backlog = await countPendingCapped(db, false, BACKLOG_COUNT_CAP + 1);
  const failing = await countPendingCapped(db, true, BACKLOG_COUNT_CAP + 1);
  // Positions are handed out without gaps, so the published ones not fanned out are a difference.
  const lastPosition = await findLastOutboxPosition(db);
  const unpublished = await countUnpublishedCapped(db, BACKLOG_COUNT_CAP + 1);
  const fannedOut = await findFanOutCheckpoint(db, DISPATCHER_CHECKPOINT);
  const oldestPendingAt = await findOldestPendingDue(db);
  // Endpoints with a failed delivery still pending: the first BACKLOG_COUNT_CAP failing rows, grouped.
  const endpoints = await listFailingEndpoints(db, BACKLOG_COUNT_CAP, 20);
  return {
    backlog,
    failing,
    counts_capped_at: BACKLOG_COUNT_CAP,
    /** Outbox events not yet fanned out into deliveries. */
    unfanned_events: Math.max(0, lastPosition - fannedOut) + unpublished,
    oldest_pending_due_at: oldestPendingAt,
    failing_endpoints: endpoints.map((e) => ({
      subscription_id: e.subscriptionId,
      url: e.url,
      tenant_name: e.tenantName,
      failing_deliveries: e.failing,
      last_attempt_at: e.lastAttemptAt,
      last_status_code: e.lastStatusCode,
      last_error: e.lastError,
    })),
  };
}
