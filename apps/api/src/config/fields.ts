import { z } from 'zod';
import { FLAG_RULE, parseFlag } from '../lib/env-flag.js';

/**
 * Field schemas for environment variables. Each reads the variable's text
 * (unset and empty alike mean "not set"); bad text becomes one issue phrased
 * to follow the variable's name (`must be …, not <text>`), or naming it
 * itself (`SERVICE_CREDENTIALS entry 2 …`).
 */
type Text = string | undefined;
type Read<T> = { value: T } | { problem: string };

const ok = <T>(value: T): Read<T> => ({ value });
const bad = (problem: string): Read<never> => ({ problem });

function read<T>(parse: (text: Text) => Read<T>) {
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

/** A switch: 1/true on, 0/false off (lib/env-flag.ts, as every process reads it). */
export const flag = (fallback: boolean) =>
  read((text) => {
    const value = parseFlag(text, fallback);
    return value === undefined ? bad(`${FLAG_RULE}, not ${text}`) : ok(value);
  });

/** A switch whose unset value means "decide by itself". */
export const flagOrAuto = () =>
  read<boolean | 'auto'>((text) => {
    if (text === undefined) return ok('auto');
    const value = parseFlag(text, false);
    return value === undefined ? bad(`${FLAG_RULE} (or unset), not ${text}`) : ok(value);
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

export const optionalText = () => read((value) => ok(value));

/** A secret: never echoed, not even in its error. */
export const secret = (minLength: number) =>
  read((value) =>
    value === undefined || value.length >= minLength
      ? ok(value)
      : bad(`must be at least ${minLength} characters`),
  );

/** A value an existing parser reads; what it throws is the issue. */
export const parsed = <T>(parse: (text: Text) => T) =>
  read((value) => {
    try {
      return ok(parse(value));
    } catch (error) {
      return bad(error instanceof Error ? error.message : String(error));
    }
  });

/** One line naming each bad variable, for the process to print before it exits. */
export function describeProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join('.');
      return issue.message.startsWith(name) ? issue.message : `${name} ${issue.message}`;
    })
    .join('; ');
}
