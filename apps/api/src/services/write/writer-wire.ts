import type { InvalidParam } from '@tbo/contracts';
import type { SynchronousMode } from '../../db/client.js';
import type { ErrorCode } from '../../domain/errors.js';
import type { LogLevel } from '../../lib/logger.js';
import type { NonceUse } from '../auth/nonces.js';
import type { Claim } from '../idempotency.js';
import type { WriteCommand } from './commands.js';

/** What crosses between the event loop and the writer thread (structured clone). */
export interface WireJob {
  id: number;
  claim: Claim | undefined;
  nonce: NonceUse | undefined;
  command: WriteCommand;
  /** Jobs submitted together carry the same number: the batch limit never splits them. */
  together: number | undefined;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  invalidParams?: InvalidParam[] | undefined;
  headers?: Record<string, string> | undefined;
  /** The batch failed as a whole (`asBatchFailure`), not this job on its own. */
  wholeBatch?: true | undefined;
}

export type WireOutcome =
  | { id: number; ok: true; value: unknown; replayed: boolean }
  | { id: number; ok: false; error: WireError };

/** `ping` asks the thread to prove its connection answers (readiness); `pong` carries the error if not. */
export type ToWriter = { jobs: WireJob[] } | { stop: true } | { ping: number };
/**
 * `outcomes` answers one batch and says how long its transaction took; `ready`
 * reports the writer connection's `synchronous` pragma as SQLite set it (2 = FULL).
 */
export type FromWriter =
  | { outcomes: WireOutcome[]; seconds: number }
  | { ready: true; synchronous: number }
  | { pong: number; error?: string | undefined };

/** What the thread is started with. */
export interface WriterSettings {
  path: string;
  walAutocheckpoint: number;
  /** Jobs per group commit at most; the rest wait for the next batch. */
  batchMax: number;
  /** The main connection's `synchronous`: the writer commits as durably as it. */
  synchronous: SynchronousMode;
  /** The process's LOG_LEVEL: the thread writes its own lines. */
  logLevel: LogLevel;
  /** How often the thread purges expired nonces and idempotency records (housekeeping default when absent). */
  housekeepingIntervalMs?: number | undefined;
}
