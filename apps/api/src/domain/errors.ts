import type { InvalidParam } from '@tbo/contracts';

/** Every failure the service can answer with, and its HTTP status. */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  UNAUTHENTICATED: { status: 401, title: 'Unauthenticated' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable' },
  CONFLICT: { status: 409, title: 'Conflict' },
  TRANSITION_NOT_ALLOWED: { status: 409, title: 'Transition not allowed' },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, title: 'Request with this idempotency key is in progress' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  MISDIRECTED: { status: 421, title: 'Misdirected request' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused with a different request' },
  UNPROCESSABLE: { status: 422, title: 'Unprocessable request' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request header fields too large' },
  INTERNAL: { status: 500, title: 'Internal server error' },
  UNAVAILABLE: { status: 503, title: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppErrorOptions {
  invalidParams?: InvalidParam[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/** A typed domain failure; one formatter turns it into tRPC and problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly invalidParams: InvalidParam[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.invalidParams = options.invalidParams;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} ${id} was not found`);
}

export function invalidField(name: string, reason: string): AppError {
  return new AppError('VALIDATION_FAILED', `${name} ${reason}`, { invalidParams: [{ name, reason }] });
}
