import { AppError } from '../../domain/errors.js';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets per tenant, in memory: `perSecond` tokens flow in up to
 * `burst`; a request takes one. Each api instance limits on its own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token or throws 429 with Retry-After (whole seconds until one is available). */
  take(tenantId: string, perSecond: number, burst: number, nowMs: number): void {
    const capacity = Math.max(1, burst);
    let bucket = this.buckets.get(tenantId);
    if (bucket === undefined) {
      bucket = { tokens: capacity, updatedMs: nowMs };
      this.buckets.set(tenantId, bucket);
    }
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * Math.max(0, perSecond));
    bucket.updatedMs = nowMs;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = perSecond > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) : 60;
    throw new AppError(
      'RATE_LIMITED',
      `rate limit of ${perSecond} requests/s (burst ${capacity}) exceeded; retry in ${retryAfter}s`,
      { headers: { 'retry-after': String(retryAfter) } },
    );
  }
}
