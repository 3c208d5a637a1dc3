import type { Db } from '../../db/client.js';
import {
  countFailuresSince,
  type LoginFailureScope,
  oldestOfLastFailures,
} from '../../repositories/login-failures.js';
import { runWrite, type WritePort } from '../write/port.js';

/**
 * Slows password guessing per account (e-mail) and per client address: an
 * attempt is admitted only while the failures in the window plus the
 * attempts still being checked stay under the limit, and admission takes
 * its slot at once, before any hashing. Concurrent guesses therefore count
 * against the limit as they arrive, not after their outcome.
 *
 * The failures live in the database (`login_failures`, written through the
 * write port), so every api instance on the same database counts the
 * failures of all: N instances do not give an attacker N times the guesses.
 * The checks in flight are this instance's own, in memory.
 */
export interface ThrottleLimits {
  /** Failures (and checks in flight) per e-mail within the window. */
  perAccount: number;
  /** Failures (and checks in flight) per client address within the window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  perAccount: 5,
  perAddress: 30,
  windowMs: 15 * 60 * 1000,
};

/** An admitted attempt: settle it exactly once with its outcome. */
export interface LoginAttempt {
  /** Forgets the account's failures; resolves once that is written. */
  succeed(): Promise<void>;
  /** Counts the failure against the account and the address; resolves once it is written. */
  fail(): Promise<void>;
  /** The attempt was never checked (e.g. the hashing pool was full): its slot is given back. */
  release(): void;
}

/**
 * One lock per key: the admissions of one account (or one address) run one
 * after the other, so that no two of them read the counts before either
 * took its slot. Each admission takes its account's lock before its
 * address's, so no two wait for each other.
 */
class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let unlock = () => {};
    const done = new Promise<void>((resolve) => {
      unlock = resolve;
    });
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    return () => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
      unlock();
    };
  }
}

class Counter {
  /** This instance's checks in flight, per key. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly scope: LoginFailureScope,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until a slot frees, or 0 when one is free now. */
  async wait(key: string, now: number): Promise<number> {
    // Counted before the failures are read: a check that settles meanwhile
    // writes its failure before giving its slot back, so it is counted at
    // least once.
    const inFlight = this.inFlight.get(key) ?? 0;
    const since = new Date(now - this.windowMs).toISOString();
    const failures = await countFailuresSince(this.db, this.scope, key, since);
    if (failures + inFlight < this.limit) return 0;
    // Slots held by checks in flight free within a second or so.
    const oldest =
      failures >= this.limit
        ? await oldestOfLastFailures(this.db, this.scope, key, since, this.limit)
        : undefined;
    const oldestMs = oldest === undefined ? now : Date.parse(oldest);
    return Math.max(1, Math.ceil((oldestMs + this.windowMs - now) / 1000));
  }

  take(key: string): void {
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
  }

  give(key: string): void {
    const left = (this.inFlight.get(key) ?? 1) - 1;
    if (left <= 0) this.inFlight.delete(key);
    else this.inFlight.set(key, left);
  }
}

export class LoginThrottle {
  private readonly accounts: Counter;
  private readonly addresses: Counter;
  private readonly locks = new KeyLocks();
  private readonly windowMs: number;

  /** `db` reads the failures; `writes` records and clears them. */
  constructor(
    db: Db,
    private readonly writes: WritePort,
    limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {
    this.accounts = new Counter(db, 'account', limits.perAccount, limits.windowMs);
    this.addresses = new Counter(db, 'address', limits.perAddress, limits.windowMs);
    this.windowMs = limits.windowMs;
  }

  /**
   * Takes a slot for one attempt on `account` from `address`, or answers how
   * many seconds to wait. Check and take run under the account's and the
   * address's locks, so no two requests to this instance can both see the
   * last free slot.
   */
  async admit(
    account: string,
    address: string,
    now: number,
  ): Promise<LoginAttempt | { retryAfterSeconds: number }> {
    const unlockAccount = await this.locks.acquire(`account:${account}`);
    try {
      const unlockAddress = await this.locks.acquire(`address:${address}`);
      try {
        const wait = Math.max(
          await this.accounts.wait(account, now),
          await this.addresses.wait(address, now),
        );
        if (wait > 0) return { retryAfterSeconds: wait };
        this.accounts.take(account);
        this.addresses.take(address);
      } finally {
        unlockAddress();
      }
    } finally {
      unlockAccount();
    }
    return this.attempt(account, address, now);
  }

  private attempt(account: string, address: string, now: number): LoginAttempt {
    let settled = false;
    const give = () => {
      this.accounts.give(account);
      this.addresses.give(address);
    };
    // The outcome is written before the slots are given back: an admission
    // in between sees the attempt in flight or its failure, never neither.
    const settle = async (outcome: 'succeed' | 'fail') => {
      if (settled) return;
      settled = true;
      try {
        if (outcome === 'fail') {
          await runWrite(this.writes, {
            op: 'console.loginFailures.record',
            account,
            address,
            at: new Date(now).toISOString(),
            expiredBy: new Date(now - this.windowMs).toISOString(),
          });
        } else await runWrite(this.writes, { op: 'console.loginFailures.clear', account });
      } finally {
        give();
      }
    };
    return {
      succeed: () => settle('succeed'),
      fail: () => settle('fail'),
      release: () => {
        if (settled) return;
        settled = true;
        give();
      },
    };
  }
}
