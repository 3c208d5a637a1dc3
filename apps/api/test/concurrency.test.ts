// Two api instances on one database, each with its own connection(s) and
// write port, racing for the same units, idempotency key and nonce. Runs on
// both databases: on SQLite the file's one writer orders them, on PostgreSQL
// SERIALIZABLE transactions, row locks and ON CONFLICT do.
import { randomUUID } from 'node:crypto';
import { generateKeyPair } from '@tbo/signing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase } from '../src/db/client.js';
import type { Db } from '../src/db/types.js';
import { AppError } from '../src/domain/errors.js';
import { addClientKey } from '../src/services/auth/client-keys.js';
import { GroupCommitPort } from '../src/services/write/group-commit.js';
import { useNonce } from '../src/services/write/port.js';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { problemOf, sqlRow, sqlRows } from './inspect.js';

const RECONCILER = { kind: 'service', name: 'reconciler' } as const;

describe('two api instances on one database', () => {
  let t: TestDb;
  let otherDb: Db;
  /** The second instance: same database, its own connection and write port. */
  let other: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    otherDb = await t.openAnother();
    other = { ...t, db: otherDb, writes: new GroupCommitPort(otherDb) };
  });
  afterEach(async () => {
    await other.writes.stop();
    await closeDatabase(otherDb);
    await t.close();
  });

  it('never reserves a unit twice: ten validations of 5 units race for 25 held', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await callerFor(i % 2 === 0 ? t : other).securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        direction: 'OUTGOING',
        quantity: '5',
        settlement_reference: `RACE${i}`,
      });
      ids.push(created.id);
    }
    const outcomes = await Promise.all(
      ids.map((id, i) => callerFor(i % 2 === 0 ? other : t, { actor: RECONCILER }).internal.validate({ id })),
    );
    const validated = outcomes.filter((o) => o.outcome === 'VALIDATED');
    const refused = outcomes.filter((o) => o.outcome === 'CANCELLED');
    expect(validated, 'exactly the units held are reserved').toHaveLength(5);
    expect(refused, 'every other transfer is refused for want of units').toHaveLength(5);
    for (const o of refused) expect(o.detail).toMatch(/^INSUFFICIENT_POSITION: 5 requested, 0 available$/);
    const position = await sqlRow(
      t.db,
      'SELECT quantity, reserved FROM positions WHERE account_id = ? AND isin = ?',
      DEMO.account,
      SEED_SECURITIES_REQUEST.instrument_id,
    );
    expect(Number((position as { reserved: string }).reserved)).toBe(25);
    expect(Number((position as { quantity: string }).quantity)).toBe(25);
  });

  it('uses an idempotency key once across instances: one transfer, every answer the same resource or 409', async () => {
    const key = randomUUID();
    const request = { ...SEED_SECURITIES_REQUEST, settlement_reference: 'ONCE' };
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        callerFor(i % 2 === 0 ? t : other, { idempotencyKey: key })
          .securitiesTransfers.create(request)
          .then(
            (resource) => ({ resource }),
            (error: unknown) => ({ problem: problemOf(error) }),
          ),
      ),
    );
    const stored = await sqlRows(
      t.db,
      "SELECT id FROM securities_transfers WHERE settlement_reference = 'ONCE'",
    );
    expect(stored, 'one transfer for the key').toHaveLength(1);
    const id = (stored[0] as { id: string }).id;
    for (const answer of answers) {
      if ('resource' in answer) expect(answer.resource.id).toBe(id);
      else expect(answer.problem).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_FLIGHT' });
    }
    expect(answers.some((a) => 'resource' in a)).toBe(true);
  });

  it('marks a signature nonce used once across instances', async () => {
    const nonce = randomUUID();
    const now = new Date();
    const expires = new Date(now.getTime() + 300_000);
    const fresh = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        useNonce((i % 2 === 0 ? t : other).writes, DEMO.tenant.id, nonce, expires, now),
      ),
    );
    expect(fresh.filter(Boolean), 'exactly one use is fresh, the rest are replays').toHaveLength(1);
  });
  it('registers a key once when two instances start together: both succeed with replace, one refused without', async () => {
    for (let round = 0; round < 5; round++) {
      const keyId = `boot-${round}`;
      const register = (db: Db, replace: boolean) =>
        addClientKey(db, {
          clientId: DEMO.tenant.clientId,
          keyId,
          publicKeyPem: generateKeyPair('ed25519').publicKey,
          now: new Date(),
          replace,
        }).then(
          () => 'added',
          (error: unknown) => (error instanceof AppError ? error.code : String(error)),
        );
      expect(await Promise.all([register(t.db, true), register(otherDb, true)])).toEqual(['added', 'added']);
      const stored = await sqlRows(t.db, 'SELECT id FROM client_keys WHERE key_id = ?', keyId);
      expect(stored, 'one key row').toHaveLength(1);
      const again = `${keyId}-strict`;
      const strict = (db: Db) =>
        addClientKey(db, {
          clientId: DEMO.tenant.clientId,
          keyId: again,
          publicKeyPem: generateKeyPair('ed25519').publicKey,
          now: new Date(),
        }).then(
          () => 'added',
          (error: unknown) => (error instanceof AppError ? error.code : String(error)),
        );
      expect((await Promise.all([strict(t.db), strict(otherDb)])).sort()).toEqual(['CONFLICT', 'added']);
    }
  });
});
