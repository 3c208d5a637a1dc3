import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PasswordPool } from '../../src/lib/password-pool.js';

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
