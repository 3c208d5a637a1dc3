const failures = new WeakSet<object>();

/**
 * Marks the error that failed a whole batch – its transaction, the file
 * lock, the writer thread – rather than one command of it: nothing of the
 * batch was refused on its own, and a caller that reports per-command
 * results (a settlement batch) must fail as a whole instead.
 */
export function asBatchFailure(error: unknown): object {
  const failure = typeof error === 'object' && error !== null ? error : new Error(String(error));
  failures.add(failure);
  return failure;
}

export function isBatchFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failures.has(error);
}
