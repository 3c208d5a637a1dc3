import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import type { Tx } from '../db/types.js';
import { AppError } from '../domain/errors.js';

/** Records live at least this long (the API promises 24 h). */
export const IDEMPOTENCY_RETENTION_MS = 25 * 3_600_000;

export interface IdempotentResult<T> {
  value: T;
  replayed: boolean;
}

/** JSON with sorted keys, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(operation: string, request: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(canonicalJson(request)).digest('hex');
}

interface Claim {
  tenantId: string;
  key: string;
  operation: string;
  hash: string;
  now: Date;
}

/**
 * Claims the key (in_flight) or answers from an earlier request: the same
 * request replays its stored response, a different one is a 422, and one
 * still in flight (another worker or instance) is a 409.
 */
export function beginIdempotent(db: Db, claim: Claim): { replay: string } | { claimed: true } {
  return db.transaction(
    (tx) => {
      const existing = tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.tenantId, claim.tenantId), eq(idempotencyKeys.key, claim.key)))
        .get();
      const nowIso = claim.now.toISOString();
      if (existing && existing.expiresAt > nowIso) {
        if (existing.operation !== claim.operation || existing.requestHash !== claim.hash) {
          throw new AppError(
            'IDEMPOTENCY_KEY_REUSED',
            `idempotency key ${claim.key} was already used for a different request`,
          );
        }
        if (existing.state === 'in_flight') {
          throw new AppError(
            'IDEMPOTENCY_IN_FLIGHT',
            `a request with idempotency key ${claim.key} is still being processed; retry later`,
          );
        }
        return { replay: existing.responseBody ?? 'null' };
      }
      if (existing) {
        tx.delete(idempotencyKeys)
          .where(and(eq(idempotencyKeys.tenantId, claim.tenantId), eq(idempotencyKeys.key, claim.key)))
          .run();
      }
      tx.insert(idempotencyKeys)
        .values({
          tenantId: claim.tenantId,
          key: claim.key,
          operation: claim.operation,
          requestHash: claim.hash,
          state: 'in_flight',
          createdAt: nowIso,
          expiresAt: new Date(claim.now.getTime() + IDEMPOTENCY_RETENTION_MS).toISOString(),
        })
        .run();
      return { claimed: true as const };
    },
    { behavior: 'immediate' },
  );
}

function completeIdempotent(tx: Tx, tenantId: string, key: string, responseBody: string): void {
  tx.update(idempotencyKeys)
    .set({ state: 'done', responseStatus: 200, responseBody })
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)))
    .run();
}

function abandonIdempotent(db: Db, tenantId: string, key: string): void {
  db.delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)))
    .run();
}

/**
 * Runs `execute` at most once per (tenant, key): its change and the stored
 * response commit together. A failed attempt frees the key again.
 */
export function runIdempotent<T>(
  db: Db,
  options: { tenantId: string; key: string | undefined; operation: string; request: unknown; now: Date },
  execute: (tx: Tx) => T,
): IdempotentResult<T> {
  const { tenantId, key } = options;
  if (key === undefined) {
    return { value: db.transaction((tx) => execute(tx), { behavior: 'immediate' }), replayed: false };
  }
  const begun = beginIdempotent(db, {
    tenantId,
    key,
    operation: options.operation,
    hash: requestHash(options.operation, options.request),
    now: options.now,
  });
  if ('replay' in begun) return { value: JSON.parse(begun.replay) as T, replayed: true };
  try {
    const value = db.transaction(
      (tx) => {
        const result = execute(tx);
        completeIdempotent(tx, tenantId, key, JSON.stringify(result));
        return result;
      },
      { behavior: 'immediate' },
    );
    return { value, replayed: false };
  } catch (error) {
    abandonIdempotent(db, tenantId, key);
    throw error;
  }
}

/** Drops records past their retention; called periodically by the server. */
export function purgeExpiredIdempotencyKeys(db: Db, now: Date): number {
  const result = db.$client
    .prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?')
    .run(now.toISOString());
  return result.changes;
}
