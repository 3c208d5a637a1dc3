import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { closeDatabase, type Db } from '../../db/client.js';
import { first } from '../../db/query.js';
import { loginFailures } from '../../db/tables.js';
import { GroupCommitPort } from '../write/group-commit.js';
import { type LoginAttempt, LoginThrottle, type ThrottleLimits } from './login-throttle.js';

const LIMITS: ThrottleLimits = { perAccount: 2, perAddress: 3, windowMs: 60_000 };
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

function admitted(answer: LoginAttempt | { retryAfterSeconds: number }): LoginAttempt {
  if ('retryAfterSeconds' in answer) throw new Error(`refused for ${answer.retryAfterSeconds} s`);
  return answer;
}

describe('the login throttle, shared by the api instances on one database', () => {
  let t: TestDb;
  /** The second instance's own connection. */
  let other: Db;
  let a: LoginThrottle;
  let b: LoginThrottle;
  beforeEach(async () => {
    t = await createTestDb();
    other = await t.openAnother();
    a = new LoginThrottle(t.db, t.writes, LIMITS);
    b = new LoginThrottle(other, new GroupCommitPort(other), LIMITS);
  });
  afterEach(async () => {
    await closeDatabase(other);
    await t.close();
  });

  const failures = async () => (await first(t.db.select({ n: count() }).from(loginFailures)))?.n;

  it("counts an account's failures at every instance", async () => {
    await admitted(await a.admit('ops@example.com', '10.0.0.1', T0)).fail();
    await admitted(await b.admit('ops@example.com', '10.0.0.2', T0 + 10_000)).fail();
    // The oldest of the last two failures frees a slot when it leaves the window.
    expect(await a.admit('ops@example.com', '10.0.0.3', T0 + 20_000)).toEqual({ retryAfterSeconds: 40 });
    expect(await b.admit('ops@example.com', '10.0.0.4', T0 + 20_000)).toEqual({ retryAfterSeconds: 40 });
    admitted(await b.admit('ops@example.com', '10.0.0.4', T0 + 60_000)).release();
  });

  it("counts an address's failures at every instance, whatever the accounts", async () => {
    await admitted(await a.admit('one@example.com', '10.0.0.1', T0)).fail();
    await admitted(await b.admit('two@example.com', '10.0.0.1', T0)).fail();
    await admitted(await a.admit('three@example.com', '10.0.0.1', T0)).fail();
    expect(await b.admit('four@example.com', '10.0.0.1', T0 + 1_000)).toEqual({ retryAfterSeconds: 59 });
    admitted(await b.admit('four@example.com', '10.0.0.2', T0 + 1_000)).release();
  });

  it("a success at one instance clears the account's failures for all; the address's stay", async () => {
    await admitted(await a.admit('ops@example.com', '10.0.0.1', T0)).fail();
    await admitted(await b.admit('ops@example.com', '10.0.0.1', T0)).succeed();
    await admitted(await a.admit('ops@example.com', '10.0.0.1', T0)).fail();
    // One failure on the account (the first was cleared): admitted from elsewhere.
    admitted(await a.admit('ops@example.com', '10.0.0.2', T0)).release();
    // The address keeps both of its failures: a third fills it.
    await admitted(await b.admit('other@example.com', '10.0.0.1', T0)).fail();
    expect(await a.admit('third@example.com', '10.0.0.1', T0)).toEqual({ retryAfterSeconds: 60 });
  });

  it('admits no more concurrent checks than the limit at one instance, nor after they fail', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => a.admit('ops@example.com', '10.0.0.1', T0)),
    );
    const attempts = answers.filter((answer): answer is LoginAttempt => !('retryAfterSeconds' in answer));
    expect(attempts).toHaveLength(2);
    await Promise.all(attempts.map((attempt) => attempt.fail()));
    expect(await a.admit('ops@example.com', '10.0.0.1', T0)).toEqual({ retryAfterSeconds: 60 });
    expect(await b.admit('ops@example.com', '10.0.0.1', T0)).toEqual({ retryAfterSeconds: 60 });
  });

  it('forgets failures out of the window: recording one deletes them', async () => {
    await admitted(await a.admit('ops@example.com', '10.0.0.1', T0)).fail();
    await admitted(await a.admit('ops@example.com', '10.0.0.1', T0)).fail();
    expect(await failures()).toBe(4);
    // At the window's end the two have expired: admitted again, and recording deletes them.
    await admitted(await b.admit('ops@example.com', '10.0.0.1', T0 + 60_000)).fail();
    expect(await failures()).toBe(2);
  });
});
