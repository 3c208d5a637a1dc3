/**
 * The webhooks module's service functions for other parts of the api (the
 * admin console's router, operations scripts). Plain functions on the
 * database; tenant scoping is optional for operators.
 */
export { attemptExchangeOf } from './attempt-log.js';
export { type DeliveryLogFilter, listAttempts, listDeliveries } from './delivery-log.js';
export { type DispatcherOptions, WebhookDispatcher } from './dispatcher.js';
export { readEventLog } from './event-log.js';
export {
  queueObjectAgain,
  type RedeliverScope,
  redeliverEvent,
  redeliverFailedSince,
  redeliverObject,
} from './redeliver.js';
export { listPublicKeys } from './service-keys.js';
