import { z } from 'zod';

/**
 * Field schemas for environment variables, phrased as the api's
 * (apps/api/src/config/fields.ts): unset and empty alike mean "not set", and
 * bad text is one issue that follows the variable's name (`must be …, not <text>`).
 */
type Read<T> = { value: T } | { problem: string };

const ok = <T>(value: T): Read<T> => ({ value });
const bad = (problem: string): Read<never> => ({ problem });

function read<T>(parse: (text: string | undefined) => Read<T>) {
  return z
    .string()
    .optional()
    .transform((text, ctx): T => {
      const result = parse(text === '' ? undefined : text);
      if ('value' in result) return result.value;
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    });
}

/** The api's switch words (its lib/env-flag.ts): the same in every process. */
export const flag = (fallback: boolean) =>
  read((text) => {
    if (text === undefined) return ok(fallback);
    if (text === '1' || text === 'true') return ok(true);
    if (text === '0' || text === 'false') return ok(false);
    return bad(`must be 1, true, 0 or false, not ${text}`);
  });

function wholeNumber(text: string, min: number, max: number): Read<number> {
  const value = Number(text);
  return /^[0-9]+$/.test(text) && value >= min && value <= max
    ? ok(value)
    : bad(`must be a whole number from ${min} to ${max}, not ${text}`);
}

export const int = (min: number, max: number, fallback: number) =>
  read((text) => (text === undefined ? ok(fallback) : wholeNumber(text, min, max)));

export const optionalInt = (min: number, max: number) =>
  read<number | undefined>((text) => (text === undefined ? ok(undefined) : wholeNumber(text, min, max)));

export function oneOf<const T extends string>(values: readonly T[], fallback: T) {
  const rule = `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return read<T>((text) => {
    if (text === undefined) return ok(fallback);
    return (values as readonly string[]).includes(text) ? ok(text as T) : bad(`${rule}, not ${text}`);
  });
}

export const text = (fallback: string) => read((value) => ok(value ?? fallback));

export const httpUrl = (fallback: string) =>
  read((value) => {
    if (value === undefined) return ok(fallback);
    return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)
      ? ok(value)
      : bad(`must be an http(s) URL, not ${value}`);
  });

/** A secret the process cannot run without: never echoed, not even in its error. */
export const requiredSecret = (what: string) =>
  read((value) => (value === undefined ? bad(`is required (${what})`) : ok(value)));

/** One line naming each bad variable, for the process to print before it exits. */
export function describeProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join('.');
      return name === '' || issue.message.startsWith(name) ? issue.message : `${name} ${issue.message}`;
    })
    .join('; ');
}
