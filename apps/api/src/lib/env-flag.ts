const ON = new Set(['1', 'true']);
const OFF = new Set(['0', 'false']);

/**
 * A boolean switch, read as every process of the system reads it (the
 * reconciler's config schema takes the same words): `1` or `true` on, `0` or
 * `false` off, unset or empty the default. Anything else stops the process
 * naming the variable, rather than silently meaning off.
 */
export function envFlag(env: NodeJS.ProcessEnv, name: string, defaultValue: boolean): boolean {
  const text = env[name];
  if (text === undefined || text === '') return defaultValue;
  if (ON.has(text)) return true;
  if (OFF.has(text)) return false;
  throw new Error(`${name} must be 1, true, 0 or false, not ${text}`);
}
