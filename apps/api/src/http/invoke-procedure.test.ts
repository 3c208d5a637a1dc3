import { randomUUID } from 'node:crypto';
import type { Scope } from '@tbo/contracts';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  clientActor,
  createTestDb,
  DEMO,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../test/harness.js';
import { createContextInner } from '../context.js';
import { invokeProcedure } from './invoke-procedure.js';

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('invokeProcedure (the lean caller of the HTTP edges)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  const ctx = (options: { scopes?: Scope[]; idempotencyKey?: string } = {}) =>
    createContextInner({
      db: t.db,
      clock: t.clock,
      actor: clientActor(DEMO.tenant, options.scopes),
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    });

  it('answers exactly what tRPC’s own caller answers: defaults filled in, output validated', async () => {
    const created = (await invokeProcedure(
      'securitiesTransfers.create',
      'mutation',
      ctx({ idempotencyKey: randomUUID() }),
      {
        ...SEED_SECURITIES_REQUEST,
      },
    )) as { id: string };
    const viaCaller = await callerFor(t).securitiesTransfers.get({ id: created.id });
    expect(created).toEqual(viaCaller);
    expect(await invokeProcedure('securitiesTransfers.get', 'query', ctx(), { id: created.id })).toEqual(
      viaCaller,
    );
    const listed = await invokeProcedure('securitiesTransfers.list', 'query', ctx(), {
      direction: 'INCOMING',
    });
    expect(listed).toEqual(await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING' }));
  });

  it('runs the procedure’s middlewares: scope, input schema, domain errors keep their codes', async () => {
    const readOnly = await settle(
      invokeProcedure('securitiesTransfers.create', 'mutation', ctx({ scopes: ['transfers:read'] }), {
        ...SEED_SECURITIES_REQUEST,
      }),
    );
    expect(readOnly).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const invalid = await settle(
      invokeProcedure('securitiesTransfers.create', 'mutation', ctx(), {
        ...SEED_SECURITIES_REQUEST,
        quantity: 'ten',
      }),
    );
    expect(invalid).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const missing = await settle(
      invokeProcedure('securitiesTransfers.get', 'query', ctx(), { id: randomUUID() }),
    );
    expect(missing).toMatchObject({ error: { code: 'NOT_FOUND' } });
    for (const outcome of [readOnly, invalid, missing]) {
      expect('error' in outcome && outcome.error).toBeInstanceOf(TRPCError);
    }
  });

  it('refuses an unknown path and a procedure called as the other type', async () => {
    for (const [path, type] of [
      ['securitiesTransfers.nope', 'query'],
      ['securitiesTransfers.create', 'query'],
      ['securitiesTransfers.list', 'mutation'],
    ] as const) {
      expect(await settle(invokeProcedure(path, type, ctx(), {}))).toMatchObject({
        error: { code: 'NOT_FOUND' },
      });
    }
  });
});
