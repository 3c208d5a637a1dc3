export const MAX_BACKOFF_SECONDS = 600;

/**
 * Seconds to wait after the n-th failed attempt (n ≥ 1): 1, 2, 3, 5, 8, 13 …
 * (Fibonacci) up to 600, retried without limit.
 */
export function backoffSeconds(failedAttempts: number): number {
  let current = 1;
  let next = 2;
  for (let n = 1; n < failedAttempts && current < MAX_BACKOFF_SECONDS; n++) {
    [current, next] = [next, current + next];
  }
  return Math.min(current, MAX_BACKOFF_SECONDS);
}
