import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  callerWithHeaders,
  clientActor,
  createTestDb,
  DEMO,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { problemOf } from '../../test/inspect.js';
import { closeDatabase } from '../db/client.js';
import { beginIdempotent, IDEMPOTENCY_RETENTION_MS, requestHash } from './idempotency.js';

describe('idempotency keys', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('replays the first response for the same key and request, marked as a replay', async () => {
    const key = randomUUID();
    const first = callerWithHeaders(t, { idempotencyKey: key });
    const created = await first.api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    expect(first.headers.get('idempotent-replayed')).toBeUndefined();
    t.clock.advanceDays(0.5);
    const again = callerWithHeaders(t, { idempotencyKey: key });
    expect(await again.api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST })).toEqual(created);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.api.securitiesTransfers.list({ direction: 'INCOMING' })).meta.total_count).toBe(1);
  });

  it('answers 422 for the same key with a different request, also across operations', async () => {
    const key = randomUUID();
    const created = await callerFor(t, { idempotencyKey: key }).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
    });
    const changed = await callerFor(t, { idempotencyKey: key })
      .securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, quantity: '11' })
      .catch((e: unknown) => e);
    expect(problemOf(changed)).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    const otherOperation = await callerFor(t, { idempotencyKey: key })
      .securitiesTransfers.cancel({ id: created.id })
      .catch((e: unknown) => e);
    expect(problemOf(otherOperation).status).toBe(422);
  });

  it('answers 409 while the first request with the key is still in flight (another instance)', async () => {
    const key = randomUUID();
    // A second api instance on the same database has claimed the key and not finished yet.
    const otherInstance = await t.openAnother();
    await beginIdempotent(otherInstance, {
      tenantId: DEMO.tenant.id,
      key,
      operation: 'securitiesTransfers.create',
      hash: requestHash('securitiesTransfers.create', { ...SEED_SECURITIES_REQUEST }),
      now: t.clock.now(),
    });
    await closeDatabase(otherInstance);
    const error = await callerFor(t, { idempotencyKey: key })
      .securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST })
      .catch((e: unknown) => e);
    expect(problemOf(error)).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_FLIGHT' });
    expect((await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING' })).meta.total_count).toBe(0);
  });

  it('frees the key when the request fails, keeps records at least 24 hours, scopes keys per tenant', async () => {
    const key = randomUUID();
    const failed = await callerFor(t, { idempotencyKey: key })
      .securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, account_id: DEMO.secondAccount })
      .catch((e: unknown) => e);
    expect(problemOf(failed).status).toBe(400);
    const created = await callerFor(t, { idempotencyKey: key }).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
    });
    expect(IDEMPOTENCY_RETENTION_MS).toBeGreaterThanOrEqual(24 * 3_600_000);
    t.clock.set(new Date(t.clock.now().getTime() + 24 * 3_600_000));
    const replay = callerFor(t, { idempotencyKey: key });
    expect(await replay.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST })).toEqual(created);
    const other = callerWithHeaders(t, {
      idempotencyKey: key,
      actor: clientActor(DEMO.otherTenant),
    });
    const otherCreated = await other.api.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      user_id: DEMO.otherTenantUser,
      account_id: DEMO.otherTenantAccount,
    });
    expect(otherCreated.id).not.toBe(created.id);
    expect(other.headers.get('idempotent-replayed')).toBeUndefined();
  });
});
