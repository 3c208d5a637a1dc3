import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PasswordPool } from '../../src/lib/password-pool.js';
import { type Served, serve, tally } from './serve.js';

const OPERATOR = 'ops@example.com';
const PASSWORD = 'ops-demo-password';

describe('hole: the login lockout could be raced, and logins had no cap', () => {
  let app: Served;
  beforeEach(async () => {
    app = await serve();
  });
  afterEach(() => app.close());

  function login(email: string, password: string): Promise<Response> {
    return fetch(`${app.base}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
      body: JSON.stringify({ email, password }),
    });
  }

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

describe('hole: password hashing shared the signature verifier threads, without a cap', () => {
  it('hashes on threads of its own, at most `threads` at once, and refuses beyond its queue at once', async () => {
    const pool = new PasswordPool({ threads: 1, maxQueued: 2 });
    const job = {
      secret: 'guess',
      salt: Buffer.alloc(16),
      keyLength: 32,
      N: 32768,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    };
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => pool.run(job)));
      const states = outcomes.map((o) => o.status);
      expect(states).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
      const refused = outcomes[3] as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'UNAVAILABLE', headers: { 'retry-after': '1' } });
      // The same key as scrypt on the caller's thread would give.
      const { scryptSync } = await import('node:crypto');
      const expected = scryptSync('guess', Buffer.alloc(16), 32, {
        N: 32768,
        r: 8,
        p: 1,
        maxmem: 64 * 1024 * 1024,
      });
      expect((outcomes[0] as PromiseFulfilledResult<Buffer>).value.equals(expected)).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
