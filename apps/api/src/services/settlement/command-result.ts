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
  return new AppError('INTERNAL', withoutStatement(error), { cause: error });
}

/**
 * Drizzle's message for a failed statement carries its SQL and parameters –
 * transfer data the worker has no use for; the driver's own reason and code
 * are what it needs (the api's log keeps the whole error).
 */
function withoutStatement(error: Error): string {
  if (!error.message.startsWith('Failed query:')) return error.message;
  const cause = error.cause as { message?: unknown; code?: unknown } | undefined;
  const reason = typeof cause?.message === 'string' ? cause.message : 'the database refused the statement';
  return typeof cause?.code === 'string' ? `${reason} (${cause.code})` : reason;
}

/** The result of one failed command of a batch: its code and message. */
export function failedResult(error: unknown): CommandResult {
  const failure = settlementError(error);
  return { ok: false, error: { code: failure.code, message: failure.message } };
}
