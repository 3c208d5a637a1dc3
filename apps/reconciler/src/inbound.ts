import type { ApiClient, SettlementCommand } from './api-client.js';
import { type BatchReport, count } from './batch-report.js';
import type { CustodianAdapter, InboundMessage } from './custodian/adapter.js';
import { errorText, type Logger } from './log.js';
import { commandFor } from './message-commands.js';

/** Errors worth retrying later: the file stays in the inbox. Anything else is quarantined. */
const TRANSIENT = new Set(['CONFLICT', 'IDEMPOTENCY_IN_FLIGHT', 'UNAVAILABLE']);

async function settle(m: InboundMessage, error: { code: string; message: string } | undefined, log: Logger) {
  if (error === undefined) return m.done();
  if (TRANSIENT.has(error.code)) {
    log('warn', 'message deferred', { source: m.source, error });
    return;
  }
  log('warn', 'message quarantined', { source: m.source, error });
  await m.reject(`${error.code}: ${error.message}`);
}

/**
 * Applies what the custodian sent, each message exactly once (the api keys
 * them by message reference), then acknowledges it. A bad message is
 * quarantined and never stops the loop.
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
        await m.done();
      } catch (error) {
        await settle(m, { code: 'STATEMENT_REFUSED', message: errorText(error) }, log);
      }
      continue;
    }
    const command = commandFor(message, m.source);
    if (command === undefined) {
      log('info', 'custodian advice', { source: m.source, message });
      await m.done();
      continue;
    }
    withCommand.push({ m, command });
  }
  if (withCommand.length === 0) return;
  const { results } = await api.internal.processBatch.mutate({ commands: withCommand.map((w) => w.command) });
  count(report, results);
  await Promise.all(
    withCommand.map(({ m }, i) => {
      const r = results[i];
      return settle(m, r === undefined || r.ok ? undefined : r.error, log);
    }),
  );
}
