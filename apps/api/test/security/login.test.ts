import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { closeDatabase, type Db } from '../../src/db/client.js';
import { GroupCommitPort } from '../../src/services/write/group-commit.js';
import { createTestDb, type TestDb } from '../harness.js';
import { type Served, serve, tally } from './serve.js';

const OPERATOR = 'ops@example.com';
const PASSWORD = 'ops-demo-password';

function loginAt(base: string, email: string, password: string): Promise<Response> {
  return fetch(`${base}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
    body: JSON.stringify({ email, password }),
  });
}

describe('hole: the login lockout could be raced, and logins had no cap', () => {
  let app: Served;
  beforeEach(async () => {
    app = await serve();
  });
  afterEach(() => app.close());

  const login = (email: string, password: string) => loginAt(app.base, email, password);

  it('checks at most 5 of 30 wrong passwords sent at once; the rest are 429 with retry-after', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => login(OPERATOR, 'wrong')));
    expect(tally(answers.map((a) => a.status))).toEqual({ 401: 5, 429: 25 });
    const refused = answers.find((a) => a.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets no more than 5 of 19 wrong + 1 right passwords sent at once be checked', async () => {
    const guesses = Array.from({ length: 19 }, () => login(OPERATOR, 'wrong'));
    const answers = await Promise.all([...guesses, login(OPERATOR, PASSWORD)]);
    const checked = answers.filter((a) => a.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(15);
  });

  it('throttles one address guessing many accounts, unknown ones included', async () => {
    const statuses: number[] = [];
    for (let wave = 0; wave < 7; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) => login(`nobody-${wave}-${i}@example.com`, 'wrong')),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    // 30 failures per address and window, whatever the accounts.
    expect(tally(statuses)).toEqual({ 401: 30, 429: 5 });
  });
});

describe('hole: each api instance counted failed sign-ins on its own', () => {
  let t: TestDb;
  /** The second instance's own connection to the same database (the pool itself on PostgreSQL). */
  let other: Db;
  const servers: Server[] = [];
  /** The two instances' base URLs. */
  let first: string;
  let second: string;

  async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeEach(async () => {
    t = await createTestDb();
    other = await t.openAnother();
    first = await listen(createApp({ db: t.db, writes: t.writes, clock: t.clock }));
    second = await listen(createApp({ db: other, writes: new GroupCommitPort(other), clock: t.clock }));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await closeDatabase(other);
    await t.close();
  });

  it('refuses the 6th wrong password for an account when the 5 failures were spread over two instances', async () => {
    // Three failures at the first instance, two at the second: each saw fewer than 5 itself.
    for (const base of [first, second, first, second, first]) {
      expect((await loginAt(base, OPERATOR, 'wrong')).status).toBe(401);
    }
    for (const base of [second, first]) {
      const refused = await loginAt(base, OPERATOR, 'wrong');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // The right password too: the account is throttled, not just the guess.
      expect((await loginAt(base, OPERATOR, PASSWORD)).status).toBe(429);
    }
  });
});
