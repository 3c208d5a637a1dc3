import { AppError } from '../../domain/errors.js';
import { asAppError } from '../../domain/problem.js';
import type { CommandResult } from './command-schemas.js';

/**
 * A failed settlement command as the worker is told it: an unexpected
 * failure keeps its real message, since only internal callers (never
 * clients) receive it. Thrown by the command's handler, so the message also
 * crosses from the writer thread, which passes on an error's code and message only.
 */
export function settlementError(error: unknown): AppError {
  const appError = asAppError(error);
  if (appError.code !== 'INTERNAL' || !(error instanceof Error) || error === appError) return appError;
  return new AppError('INTERNAL', error.message, { cause: error });
}

/** The result of one failed command of a batch: its code and message. */
export function failedResult(error: unknown): CommandResult {
  const failure = settlementError(error);
  return { ok: false, error: { code: failure.code, message: failure.message } };
}
