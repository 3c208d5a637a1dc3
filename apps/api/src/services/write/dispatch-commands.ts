import type { ExpiringTable } from '../../repositories/expiring-rows.js';
import { PUBLICATION_BATCH, publishOutboxEvents } from '../../repositories/journal.js';
import { claimBundles } from '../../webhooks/claim.js';
import { fanOut } from '../../webhooks/fan-out.js';
import { type AttemptedBundle, type AttemptOutcome, recordAttempt } from '../../webhooks/record-attempt.js';
import { ensureSigningKey } from '../../webhooks/service-keys.js';
import { purgeExpiredIn } from '../housekeeping.js';
import { defineCommands } from './command-table.js';

/** Bundles in flight per subscription and per tenant (plain records, to cross to the writer thread), and their caps. */
export interface InFlightCounts {
  bySubscription: Record<string, number>;
  byTenant: Record<string, number>;
  perSubscription: number;
  perTenant: number;
}

/** The webhook dispatcher's writes, and the purge of expired rows on the event loop's port. */
export const dispatchCommands = defineCommands({
  'webhooks.ensureSigningKey': async (db, c: { now: string }) => await ensureSigningKey(db, new Date(c.now)),
  'webhooks.publishEvents': async (db, _c: object) => await publishOutboxEvents(db, PUBLICATION_BATCH),
  'dispatch.fanOut': async (db, c: { now: string; batchSize: number }) =>
    await fanOut(db, new Date(c.now), c.batchSize),
  'dispatch.claimBundles': async (
    db,
    c: {
      now: string;
      leaseUntil: string;
      maxBundles: number;
      maxEventsPerBundle: number;
      inFlight: InFlightCounts;
    },
  ) =>
    await claimBundles(db, {
      now: new Date(c.now),
      leaseUntil: new Date(c.leaseUntil),
      maxBundles: c.maxBundles,
      maxEventsPerBundle: c.maxEventsPerBundle,
      inFlight: {
        bySubscription: new Map(Object.entries(c.inFlight.bySubscription)),
        byTenant: new Map(Object.entries(c.inFlight.byTenant)),
        perSubscription: c.inFlight.perSubscription,
        perTenant: c.inFlight.perTenant,
      },
    }),
  'dispatch.recordAttempt': async (
    db,
    c: { bundle: AttemptedBundle; outcome: AttemptOutcome; now: string },
  ) => await recordAttempt(db, c.bundle, c.outcome, c.now),
  'housekeeping.purgeExpired': async (db, c: { tables: ExpiringTable[]; now: string; limit: number }) =>
    await purgeExpiredIn(db, c.tables, c.now, c.limit),
});
