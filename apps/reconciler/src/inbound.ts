import { TRPCClientError } from '@trpc/client';
import type { ApiClient, SettlementCommand } from './api-client.js';
import { type BatchReport, count, countMessage } from './batch-report.js';
import type { CustodianAdapter, InboundMessage } from './custodian/adapter.js';
import { messageTypeOf } from './custodian/message-type.js';
import { errorText, type Logger } from './log.js';
import { commandFor } from './message-commands.js';

/** Errors worth retrying later: the file stays in the inbox. Anything else is quarantined. */
const TRANSIENT = new Set(['CONFLICT', 'IDEMPOTENCY_IN_FLIGHT', 'UNAVAILABLE']);

type Settled = { error: { code: string; message: string } } | { exception: string } | undefined;

async function settle(m: InboundMessage, outcome: Settled, log: Logger, report: BatchReport) {
  const received = (result: string) => countMessage(report, 'in', messageTypeOf(m.message), result);
  if (outcome === undefined) {
    received('booked');
    return m.done();
  }
  if ('exception' in outcome) {
    received('exception');
    log('warn', 'message not booked: custodian exception', { source: m.source, detail: outcome.exception });
    await m.reject(`EXCEPTION: ${outcome.exception}`);
    return;
  }
  const { error } = outcome;
  if (TRANSIENT.has(error.code)) {
    received('deferred');
    log('warn', 'message deferred', { source: m.source, error });
    return;
  }
  received('quarantined');
  log('warn', 'message quarantined', { source: m.source, error });
  await m.reject(`${error.code}: ${error.message}`);
}

/** The api takes request bodies up to 1 MiB; each command carries its raw message. */
const MAX_BATCH_CHARS = 512 * 1024;

/** Consecutive groups of commands whose JSON stays under MAX_BATCH_CHARS (at least one each). */
function bySize<T extends { command: SettlementCommand }>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const length = JSON.stringify(item.command).length;
    if (current.length > 0 && size + length > MAX_BATCH_CHARS) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The api names no account of ours by the statement's safekeeping account. */
function unknownAccount(error: unknown): boolean {
  return (
    error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'NOT_FOUND'
  );
}

/**
 * Applies what the custodian sent, each message exactly once (the api keys
 * them by message reference), then acknowledges it. A message the api does
 * not book is an exception there and its file goes to quarantine; a bad
 * message never stops the loop.
 */
export async function applyInbound(
  api: ApiClient,
  adapter: CustodianAdapter,
  log: Logger,
  report: BatchReport,
): Promise<void> {
  const inbound = await adapter.receive();
  report.inbound += inbound.length;
  const withCommand: { m: InboundMessage; command: SettlementCommand }[] = [];
  for (const m of inbound) {
    const { message } = m;
    if (message.kind === 'statement') {
      try {
        const { kind: _kind, ...statement } = message;
        const outcome = await api.internal.recordStatement.mutate(statement);
        log('info', 'statement reconciled', { source: m.source, detail: outcome.detail });
        countMessage(report, 'in', 'MT535', 'booked');
        await m.done();
      } catch (error) {
        if (unknownAccount(error)) {
          const exception = commandFor(
            {
              kind: 'exception',
              reasonCode: 'UNKNOWN_ACCOUNT',
              detail: errorText(error),
              messageType: 'MT535',
              messageReference: message.reference,
            },
            m.source,
            m.raw,
          );
          if (exception !== undefined) withCommand.push({ m, command: exception });
        } else {
          await settle(m, { error: { code: 'STATEMENT_REFUSED', message: errorText(error) } }, log, report);
        }
      }
      continue;
    }
    const command = commandFor(message, m.source, m.raw);
    if (command !== undefined) withCommand.push({ m, command });
  }
  for (const chunk of bySize(withCommand)) {
    const { results } = await api.internal.processBatch.mutate({ commands: chunk.map((w) => w.command) });
    count(report, results);
    await Promise.all(
      chunk.map(({ m }, i) => {
        const r = results[i];
        if (r === undefined) return settle(m, undefined, log, report);
        if (!r.ok) return settle(m, { error: r.error }, log, report);
        return settle(
          m,
          r.result.outcome === 'EXCEPTION' ? { exception: r.result.detail ?? '' } : undefined,
          log,
          report,
        );
      }),
    );
  }
}
