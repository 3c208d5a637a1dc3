import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PasswordPool, passwordPool } from '../../src/lib/password-pool.js';
import { serve } from './serve.js';

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
      const expected = scryptSync('guess', Buffer.alloc(16), 32, {
        N: 32768,
        r: 8,
        p: 1,
        maxmem: 64 * 1024 * 1024,
      });
      expect((outcomes[0] as PromiseFulfilledResult<Buffer>).value.equals(expected)).toBe(true);
      // The hashing thread yields the CPU to everything else (where the system lets a thread say so).
      expect(pool.priority).toBe(process.platform === 'linux' ? 19 : undefined);
    } finally {
      await pool.close();
    }
  });
});

describe('a login flood cannot keep tenants from their tokens', () => {
  it('takes a trusted hash (a client secret behind a valid signature) even when full, ahead of waiting logins', async () => {
    const pool = new PasswordPool({ threads: 1, maxQueued: 2 });
    const job = {
      secret: 's',
      salt: Buffer.alloc(16),
      keyLength: 32,
      N: 16384,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    };
    try {
      const finished: string[] = [];
      const track = (name: string, promise: Promise<Buffer>) =>
        promise.then(
          () => finished.push(name),
          () => finished.push(`${name} refused`),
        );
      const logins = [1, 2, 3, 4].map((i) => track(`login ${i}`, pool.run(job)));
      const token = track('token', pool.run(job, true));
      await Promise.all([...logins, token]);
      expect(finished).toEqual(['login 4 refused', 'login 1', 'token', 'login 2', 'login 3']);
    } finally {
      await pool.close();
    }
  });
});

describe('an unknown account costs what a known one does', () => {
  it('hashes exactly once for a wrong password and for an unknown e-mail, and answers both alike', async () => {
    const app = await serve();
    try {
      const attempt = async (email: string) => {
        const before = passwordPool.hashed;
        const answer = await fetch(`${app.base}/admin/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
          body: JSON.stringify({ email, password: 'wrong' }),
        });
        const { instance: _i, request_id: _r, ...problem } = (await answer.json()) as Record<string, unknown>;
        return { status: answer.status, problem, hashes: passwordPool.hashed - before };
      };
      const known = await attempt('ops@example.com');
      const unknown = await attempt('nobody@example.com');
      expect(known).toEqual({ status: 401, problem: known.problem, hashes: 1 });
      expect(unknown).toEqual(known);
    } finally {
      await app.close();
    }
  });
});
