const ON = new Set(['1', 'true']);
const OFF = new Set(['0', 'false']);

/** What every process of the system says of a switch it cannot read. */
export const FLAG_RULE = 'must be 1, true, 0 or false';

/**
 * A boolean switch, read as every process of the system reads it (the
 * config modules of the api and the reconciler): `1` or `true` on, `0` or
 * `false` off, unset or empty the default; undefined for anything else, which
 * the config module refuses naming the variable rather than silently meaning off.
 */
export function parseFlag(text: string | undefined, defaultValue: boolean): boolean | undefined {
  if (text === undefined || text === '') return defaultValue;
  if (ON.has(text)) return true;
  if (OFF.has(text)) return false;
  return undefined;
}
