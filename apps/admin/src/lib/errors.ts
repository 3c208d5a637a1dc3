import { TRPCClientError } from '@trpc/client';

interface ErrorData {
  httpStatus?: number;
  problem?: { detail?: string; title?: string };
}

function dataOf(error: unknown): ErrorData | undefined {
  if (error instanceof TRPCClientError) return (error.data ?? undefined) as ErrorData | undefined;
  return undefined;
}

export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof TRPCClientError) return dataOf(error)?.httpStatus;
  if (error instanceof SessionError) return error.status;
  return undefined;
}

/** What to tell the operator: the api's problem detail, else the message. */
export function errorMessage(error: unknown): string {
  const problem = dataOf(error)?.problem;
  if (problem?.detail) return problem.detail;
  if (error instanceof Error && error.message) {
    return error.message === 'Failed to fetch' ? 'The api cannot be reached. Retrying…' : error.message;
  }
  return 'Something went wrong.';
}

/** A failure of the cookie-session endpoints (login, logout, session). */
export class SessionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}
