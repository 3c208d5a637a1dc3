import { randomUUID } from 'node:crypto';
import type { Db } from './db/client.js';
import type { AppError } from './domain/errors.js';
import { type Clock, systemClock } from './lib/clock.js';
import type { Actor } from './services/actor.js';
import type { DeferredNonce } from './services/auth/nonces.js';
import type { WritePort } from './services/write/port.js';

export type { Actor, OperatorRole } from './services/actor.js';

export interface ServiceConfig {
  /** Live mode disables sandbox shortcuts (AUTO references, loopback webhooks). */
  live: boolean;
  /** Days before its date at which an open transfer's deadline turns AT_RISK for clients. */
  deadlineAtRiskDays: number;
  /** Manual settle and reject wait for a second operator's approval (default: on when live). */
  fourEyes: boolean;
}

/** Unless DEADLINE_AT_RISK_DAYS says otherwise: a working week before the date. */
export const DEFAULT_DEADLINE_AT_RISK_DAYS = 5;

export interface ContextInner {
  db: Db;
  /** Where every write goes: one port per process, chosen at start-up. */
  writes: WritePort;
  clock: Clock;
  actor: Actor;
  config: ServiceConfig;
  requestId: string;
  /** The `idempotency-key` of the request, when one was sent. */
  idempotencyKey: string | undefined;
  /** Response headers a procedure wants set (e.g. idempotent-replayed). */
  setHeader: (name: string, value: string) => void;
  /** Why credentials that were sent were refused; reported by the procedure that needs them. */
  authError: AppError | undefined;
  /** A signed request's nonce that its write records (REST POSTs). */
  deferredNonce: DeferredNonce | undefined;
  /**
   * A tenant's call over /trpc: the per-call checks the REST edge runs per
   * request (rate limit, idempotency key). Unset where the edge ran them.
   */
  admitCall: ((type: CallType) => Promise<void>) | undefined;
}

export type CallType = 'query' | 'mutation' | 'subscription';

export interface CreateContextInnerOptions {
  db: Db;
  writes: WritePort;
  actor?: Actor;
  clock?: Clock;
  config?: Partial<ServiceConfig>;
  requestId?: string;
  idempotencyKey?: string;
  setHeader?: (name: string, value: string) => void;
  authError?: AppError;
  deferredNonce?: DeferredNonce;
  admitCall?: (type: CallType) => Promise<void>;
}

/** Pure context factory: tests build it directly, adapters add request data. */
export function createContextInner(options: CreateContextInnerOptions): ContextInner {
  return {
    db: options.db,
    writes: options.writes,
    clock: options.clock ?? systemClock,
    actor: options.actor ?? { kind: 'anonymous' },
    config: {
      live: false,
      deadlineAtRiskDays: DEFAULT_DEADLINE_AT_RISK_DAYS,
      ...options.config,
      fourEyes: options.config?.fourEyes ?? options.config?.live ?? false,
    },
    requestId: options.requestId ?? randomUUID(),
    idempotencyKey: options.idempotencyKey,
    setHeader: options.setHeader ?? (() => {}),
    authError: options.authError,
    deferredNonce: options.deferredNonce,
    admitCall: options.admitCall,
  };
}

export type Context = ContextInner;
