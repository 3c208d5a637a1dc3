// Benchmark settings from the environment: a wrong value stops the run with
// the variable's name and what it takes, instead of measuring something else.

/** A whole number from `name`, at least `min`; `fallback` when unset. */
export function wholeNumberSetting(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be a whole number of at least ${min}, not ${raw}`);
  return value;
}

/** A comma-separated subset of `choices` from `name`; all of them when unset. */
export function subsetSetting<T extends string>(name: string, choices: readonly T[]): Set<T> {
  const raw = process.env[name];
  if (raw === undefined) return new Set(choices);
  const picked = raw.split(',').map((item) => item.trim());
  const unknown = picked.filter((item) => !(choices as readonly string[]).includes(item));
  if (unknown.length > 0 || picked.length === 0)
    throw new Error(
      `${name} takes a comma-separated list of ${choices.join(', ')}; not ${unknown.join(', ')}`,
    );
  return new Set(picked as T[]);
}
