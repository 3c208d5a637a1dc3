import { describeIssues, type InvalidParam, type Problem } from '@tbo/contracts';
import { ZodError } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from './errors.js';

/** Problem types are documented by the api itself under /problems/<code>. */
export function problemType(code: ErrorCode): string {
  return `/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

function wrapsInternalFailure(error: Error): boolean {
  return (error as { code?: unknown }).code === 'INTERNAL_SERVER_ERROR';
}

/** Invalid fields named in one answer at most; the rest are counted, so an error body stays small. */
export const MAX_NAMED_PARAMS = 10;
const MAX_NAME_LENGTH = 120;
const MAX_REASON_LENGTH = 300;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first few invalid fields (names and reasons clipped), and how many more there were. */
export function boundParams(params: readonly InvalidParam[]): { named: InvalidParam[]; more: number } {
  return {
    named: params.slice(0, MAX_NAMED_PARAMS).map((p) => ({
      name: clip(p.name, MAX_NAME_LENGTH),
      reason: clip(p.reason, MAX_REASON_LENGTH),
    })),
    more: Math.max(0, params.length - MAX_NAMED_PARAMS),
  };
}

/** Any thrown value as an AppError; unknown failures become a 500 without internals. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const { named, more } = boundParams(describeIssues(error));
    const detail =
      named.map((p) => `${p.name}: ${p.reason}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
    return new AppError('VALIDATION_FAILED', detail, { invalidParams: named, cause: error });
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
    detail: clip(error.message, 2000),
    instance: instance ?? `urn:request:${requestId}`,
    request_id: requestId,
    code: error.code,
  };
  if (error.invalidParams && error.invalidParams.length > 0) {
    problem.invalid_params = boundParams(error.invalidParams).named;
  }
  return problem;
}
