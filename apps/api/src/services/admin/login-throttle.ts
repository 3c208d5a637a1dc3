/**
 * Slows password guessing per account (e-mail) and per client address: an
 * attempt is admitted only while the failures in the window plus the
 * attempts still being checked stay under the limit, and admission takes
 * its slot at once, before any hashing. Concurrent guesses therefore count
 * against the limit as they arrive, not after their outcome. In memory: one
 * api process serves the console.
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
  succeed(): void;
  fail(): void;
  /** The attempt was never checked (e.g. the hashing pool was full): its slot is given back. */
  release(): void;
}

class Counter {
  private readonly failures = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Seconds until a slot frees, or 0 when one is free now. */
  wait(key: string, now: number): number {
    const kept = this.recent(key, now);
    if (kept.length + (this.inFlight.get(key) ?? 0) < this.limit) return 0;
    // Slots held by checks in flight free within a second or so.
    const oldest = kept.length >= this.limit ? (kept[kept.length - this.limit] ?? now) : now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  take(key: string): void {
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
  }

  give(key: string): void {
    const left = (this.inFlight.get(key) ?? 1) - 1;
    if (left <= 0) this.inFlight.delete(key);
    else this.inFlight.set(key, left);
  }

  fail(key: string, now: number): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}

export class LoginThrottle {
  private readonly accounts: Counter;
  private readonly addresses: Counter;

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS) {
    this.accounts = new Counter(limits.perAccount, limits.windowMs);
    this.addresses = new Counter(limits.perAddress, limits.windowMs);
  }

  /**
   * Takes a slot for one attempt on `account` from `address`, or answers how
   * many seconds to wait. Check and take are one synchronous step, so no two
   * requests can both see the last free slot.
   */
  admit(account: string, address: string, now: number): LoginAttempt | { retryAfterSeconds: number } {
    const wait = Math.max(this.accounts.wait(account, now), this.addresses.wait(address, now));
    if (wait > 0) return { retryAfterSeconds: wait };
    this.accounts.take(account);
    this.addresses.take(address);
    let settled = false;
    const settle = (outcome: 'succeed' | 'fail' | 'release') => {
      if (settled) return;
      settled = true;
      this.accounts.give(account);
      this.addresses.give(address);
      if (outcome === 'fail') {
        this.accounts.fail(account, now);
        this.addresses.fail(address, now);
      } else if (outcome === 'succeed') this.accounts.clear(account);
    };
    return {
      succeed: () => settle('succeed'),
      fail: () => settle('fail'),
      release: () => settle('release'),
    };
  }
}
