import { describeIssues, type Problem } from '@tbo/contracts';
import { ZodError } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from './errors.js';

/** Problem types are documented by the api itself under /problems/<code>. */
export function problemType(code: ErrorCode): string {
  return `/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

function wrapsInternalFailure(error: Error): boolean {
  return (error as { code?: unknown }).code === 'INTERNAL_SERVER_ERROR';
}

/** Any thrown value as an AppError; unknown failures become a 500 without internals. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const invalidParams = describeIssues(error);
    const detail = invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; ');
    return new AppError('VALIDATION_FAILED', detail, { invalidParams, cause: error });
  }
  if (error instanceof Error && error.cause !== undefined && error.cause !== error) {
    const inner: unknown = error.cause;
    if (inner instanceof AppError) return inner;
    // A schema failure wrapped as an internal error is a response that broke
    // its contract (tRPC's output check): the service's fault, not the client's.
    if (inner instanceof ZodError && !wrapsInternalFailure(error)) return asAppError(inner);
  }
  return new AppError('INTERNAL', 'An unexpected error occurred; quote the request_id to support', {
    cause: error,
  });
}

export function toProblem(error: AppError, requestId: string, instance?: string): Problem {
  const problem: Problem = {
    type: problemType(error.code),
    status: error.status,
    title: ERROR_CODES[error.code].title,
    detail: error.message,
    instance: instance ?? `urn:request:${requestId}`,
    request_id: requestId,
    code: error.code,
  };
  if (error.invalidParams && error.invalidParams.length > 0) problem.invalid_params = error.invalidParams;
  return problem;
}
