/**
 * Each cancellation request sent to the custodian needs a reference of its
 * own (a custodian drops a reused one as a duplicate); the worker has 11
 * (`C…`, then `K…` to `V…`). After 10 refusals a further cancellation of the
 * same transfer is for operations to arrange with the custodian.
 */
export const MAX_CANCELLATION_DENIALS = 10;
