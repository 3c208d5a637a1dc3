export * from './accounts.js';
export * from './idempotency.js';
export * from './operators.js';
export * from './outbox.js';
export * from './settlement.js';
export * from './tenants.js';
export * from './transfers.js';
export * from './webhooks.js';
