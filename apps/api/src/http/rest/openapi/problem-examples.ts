// One example per problem status, made by the api's own formatter from a
// typical failure of that status, so the examples are what clients receive.
import { AppError, type ErrorCode } from '../../../domain/errors.js';
import { toProblem } from '../../../domain/problem.js';
import type { Json } from './json-schema.js';

const REQUEST_ID = '5d1c6f0e-8f4b-4a39-9b57-2f1f6f7f3c11';

const TYPICAL: Record<string, () => AppError> = {
  '400': () =>
    new AppError('VALIDATION_FAILED', 'instrument_id: ISIN check digit does not match (Luhn)', {
      invalidParams: [{ name: 'instrument_id', reason: 'ISIN check digit does not match (Luhn)' }],
    }),
  '401': () =>
    new AppError('UNAUTHENTICATED', 'the signature does not verify with the key of keyid demo-key-1'),
  '403': () => new AppError('FORBIDDEN', 'the access token lacks the scope transfers:admin'),
  '404': () =>
    new AppError('NOT_FOUND', 'securities transfer 9637e68f-7065-4131-a072-6d57044ebd8c was not found'),
  '405': () => new AppError('METHOD_NOT_ALLOWED', 'PUT is not allowed on /securities_transfers'),
  '406': () => new AppError('NOT_ACCEPTABLE', 'accept must allow application/json'),
  '409': () => new AppError('TRANSITION_NOT_ALLOWED', 'a SETTLED securities transfer cannot be cancelled'),
  '413': () => new AppError('PAYLOAD_TOO_LARGE', 'the body is larger than 1048576 bytes'),
  '415': () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'content-type must be application/json'),
  '422': () =>
    new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'idempotency-key ccb07f42-4104-44ad-8e1f-c660bb7b269c was used with a different request',
    ),
  '429': () => new AppError('RATE_LIMITED', 'rate limit exceeded; retry after 1 s'),
  '500': () => new AppError('INTERNAL', 'An unexpected error occurred; quote the request_id to support'),
  '503': () => new AppError('UNAVAILABLE', 'the database is not reachable'),
};

/** Examples for the problem+json response of `status`, keyed by error code. */
export function problemExamples(status: string): Record<string, { summary: string; value: Json }> {
  const make = TYPICAL[status];
  if (make === undefined) return {};
  const error = make();
  const code: ErrorCode = error.code;
  return { [code]: { summary: error.message, value: toProblem(error, REQUEST_ID) as unknown as Json } };
}
