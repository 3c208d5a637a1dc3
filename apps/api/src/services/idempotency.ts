import { hash } from 'node:crypto';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transaction.js';
import type { Executor } from '../db/types.js';
import { AppError } from '../domain/errors.js';
import { findIdempotencyRecord, upsertIdempotencyRecord } from '../repositories/idempotency.js';

/** Records live at least this long (the API promises 24 h). */
export const IDEMPOTENCY_RETENTION_MS = 25 * 3_600_000;

/** JSON with sorted keys, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    let out = '{';
    for (const key of Object.keys(object).sort()) {
      const item = object[key];
      if (item === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(operation: string, request: unknown): string {
  return hash('sha256', `${operation}\n${canonicalJson(request)}`);
}

export interface Claim {
  tenantId: string;
  key: string;
  operation: string;
  hash: string;
  now: Date;
}

/**
 * What an earlier request with the key decides: its stored response to
 * replay, a 422 for a different request, a 409 while it is still in flight
 * (another instance), or nothing when the key is free (or its record expired).
 */
export async function earlierOutcomeIn(db: Executor, claim: Claim): Promise<{ replay: string } | undefined> {
  const existing = await findIdempotencyRecord(db, claim.tenantId, claim.key);
  if (!existing || existing.expiresAt <= claim.now.toISOString()) return undefined;
  if (existing.operation !== claim.operation || existing.requestHash !== claim.hash) throw keyReused(claim);
  if (existing.state === 'in_flight') throw keyInFlight(claim);
  return { replay: existing.responseBody ?? 'null' };
}

export function keyReused(claim: Claim): AppError {
  return new AppError(
    'IDEMPOTENCY_KEY_REUSED',
    `idempotency key ${claim.key} was already used for a different request`,
  );
}

export function keyInFlight(claim: Claim): AppError {
  return new AppError(
    'IDEMPOTENCY_IN_FLIGHT',
    `a request with idempotency key ${claim.key} is still being processed; retry later`,
  );
}

/** Stores the key's record; an expired record is replaced, so the key may be used afresh. */
async function upsertRecordIn(
  db: Executor,
  claim: Claim,
  state: 'in_flight' | 'done',
  responseBody: string | null,
) {
  const stored = await upsertIdempotencyRecord(db, {
    tenantId: claim.tenantId,
    key: claim.key,
    operation: claim.operation,
    requestHash: claim.hash,
    state,
    responseStatus: state === 'done' ? 200 : null,
    responseBody,
    createdAt: claim.now.toISOString(),
    expiresAt: new Date(claim.now.getTime() + IDEMPOTENCY_RETENTION_MS).toISOString(),
  });
  // Another instance's request took the key since the check: this one's work rolls back with the 409.
  if (!stored) throw keyInFlight(claim);
}

/**
 * The finished record in one write, for a caller that runs the work in the
 * same transaction as the check (so no in_flight state is ever visible).
 */
export async function recordIdempotentIn(db: Executor, claim: Claim, responseBody: string): Promise<void> {
  await upsertRecordIn(db, claim, 'done', responseBody);
}

/**
 * Claims the key as in_flight in a transaction of its own, for a write that
 * holds its key across transactions: until it finishes, other requests with
 * the key get 409 (`earlierOutcomeIn`). The group-committed writes of this
 * version never need it; the state is kept and honoured for writers that do
 * (another instance, an operator tool).
 */
export async function beginIdempotent(db: Db, claim: Claim): Promise<{ replay: string } | { claimed: true }> {
  return await writeTransaction(db, async (tx) => {
    const earlier = await earlierOutcomeIn(tx, claim);
    if (earlier) return earlier;
    await upsertRecordIn(tx, claim, 'in_flight', null);
    return { claimed: true as const };
  });
}
