import type { ApiClient, SettlementCommand, WorkItem } from './api-client.js';
import { type BatchReport, count, countMessage } from './batch-report.js';
import type {
  CancellationOrder,
  CustodianAdapter,
  CustodianMessage,
  InstructResult,
} from './custodian/adapter.js';
import { messageTypeOf } from './custodian/message-type.js';
import { instructionKindFor } from './custodian/swift/settlement-instruction.js';
import { errorText } from './log.js';
import { commandFor } from './message-commands.js';
import { cancellationReferenceFor, custodianReferenceFor } from './references.js';

export interface ClaimOptions {
  owner: string;
  limit: number;
  leaseSeconds: number;
}

/** How often a transfer may fail before it is parked, and the first back-off. */
export interface RetryPolicy {
  maxAttempts: number;
  backoffSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, backoffSeconds: 30 };

function cancellationOf(item: WorkItem): CancellationOrder {
  const instructionReference = item.custodianReference ?? custodianReferenceFor(item.id);
  return {
    item,
    instructionReference,
    reference: cancellationReferenceFor(instructionReference, item.cancellationDenials),
  };
}

/** Per-item failures of one pass: transfer id → what went wrong. */
type Failures = Map<string, string>;

/** One order at a time through the adapter, so one that throws fails alone. */
async function instructEach(
  adapter: CustodianAdapter,
  items: readonly WorkItem[],
  failures: Failures,
  report: BatchReport,
): Promise<InstructResult[]> {
  const results = await Promise.all(
    items.map(async (item) => {
      const type = instructionKindFor(item.direction);
      try {
        const answers = await adapter.instruct([{ item, reference: custodianReferenceFor(item.id) }]);
        for (const answer of answers) countMessage(report, 'out', type, answer.sent ? 'sent' : 'refused');
        return answers;
      } catch (error) {
        countMessage(report, 'out', type, 'failed');
        failures.set(item.id, `instruction not sent: ${errorText(error)}`);
        return [];
      }
    }),
  );
  return results.flat();
}

async function cancelEach(
  adapter: CustodianAdapter,
  orders: readonly CancellationOrder[],
  failures: Failures,
  report: BatchReport,
): Promise<{ sent: CancellationOrder[]; answers: CustodianMessage[] }> {
  const sent: CancellationOrder[] = [];
  const answers: CustodianMessage[] = [];
  await Promise.all(
    orders.map(async (order) => {
      // A cancellation is the instruction's own type with function CANC.
      const type = `${instructionKindFor(order.item.direction)}-CANC`;
      try {
        answers.push(...(await adapter.cancel([order])));
        sent.push(order);
        countMessage(report, 'out', type, 'sent');
      } catch (error) {
        countMessage(report, 'out', type, 'failed');
        failures.set(order.item.id, `cancellation not sent: ${errorText(error)}`);
      }
    }),
  );
  return { sent, answers };
}

/**
 * One claimed batch: validate the NEW transfers (in the claim call), send the valid
 * ones to the custodian, then record instructions, forwarded cancellations
 * and the simulated custodian's answers (one call). The instruction is sent
 * before it is recorded; a crash in between resends it under the same
 * reference, which the custodian treats as a duplicate.
 *
 * Every transfer succeeds or fails on its own: an adapter error or a refused
 * command of one transfer is reported for that transfer alone (`failWork`:
 * back-off, then parked), and the rest of the batch goes on.
 */
export async function handleClaimedWork(
  api: ApiClient,
  adapter: CustodianAdapter,
  claim: ClaimOptions,
  today: string,
  report: BatchReport,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<void> {
  // The api validates the NEW transfers in the claim's own transaction (no second call, no re-read).
  const { items, validations } = await api.internal.claimWork.mutate({
    ...claim,
    simulateAfterMs: adapter.simulateAfterMs,
    validate: true,
  });
  report.claimed += items.length;
  if (items.length === 0) return;
  const byId = new Map(items.map((i) => [i.id, i]));
  const byReference = new Map(items.map((i) => [i.custodianReference ?? custodianReferenceFor(i.id), i]));
  const failures: Failures = new Map();
  const commands: SettlementCommand[] = [];
  /** The transfer each command is about, to report its failure. */
  const subjects: string[] = [];
  const push = (command: SettlementCommand, id: string) => {
    commands.push(command);
    subjects.push(id);
  };

  const toInstruct = items.filter((i) => i.work === 'INSTRUCT');
  if (toInstruct.length > 0) {
    const results =
      validations ??
      (
        await api.internal.processBatch.mutate({
          commands: toInstruct.map((i) => ({ op: 'validate', id: i.id })),
        })
      ).results;
    count(report, results);
    const valid = toInstruct.filter((item, n) => {
      const r = results[n];
      if (r?.ok === false) failures.set(item.id, `validation failed: ${r.error.code}: ${r.error.message}`);
      return r?.ok === true && r.result.outcome === 'VALIDATED';
    });
    for (const sent of await instructEach(adapter, valid, failures, report)) {
      push(
        sent.sent
          ? { op: 'recordInstruction', id: sent.id, custodianReference: custodianReferenceFor(sent.id) }
          : {
              op: 'refuseInstruction',
              id: sent.id,
              reasonCode: sent.reasonCode,
              reason: sent.reason.slice(0, 500),
            },
        sent.id,
      );
    }
  }

  const cancellations = items.filter((i) => i.work === 'FORWARD_CANCEL').map(cancellationOf);
  const { sent, answers } = await cancelEach(adapter, cancellations, failures, report);
  for (const c of sent) {
    push({ op: 'markCancellationForwarded', id: c.item.id, cancellationReference: c.reference }, c.item.id);
  }
  answers.push(
    ...adapter.simulate(
      items.filter((i) => i.work === 'SIMULATE'),
      today,
    ),
  );
  /** Commands that book the custodian's immediate (or simulated) answers, and the answer each books. */
  const answered = new Map<number, CustodianMessage>();
  for (const answer of answers) {
    const command = commandFor(answer);
    const about = 'custodianReference' in answer ? byReference.get(answer.custodianReference) : undefined;
    if (command === undefined) continue;
    answered.set(commands.length, answer);
    push(command, about?.id ?? '');
  }
  if (commands.length > 0) {
    const { results } = await api.internal.processBatch.mutate({ commands });
    count(report, results);
    results.forEach((r, n) => {
      const answer = answered.get(n);
      if (answer !== undefined) {
        const outcome = !r.ok ? 'refused' : r.result.outcome === 'EXCEPTION' ? 'exception' : 'booked';
        countMessage(report, 'in', messageTypeOf(answer), outcome);
      }
      const id = subjects[n];
      if (!r.ok && id) failures.set(id, `${commands[n]?.op} refused: ${r.error.code}: ${r.error.message}`);
    });

    // Cancelled by the client while we were instructing it: withdraw what we just sent.
    const withdrawn = commands
      .filter(
        (c, n) => c.op === 'recordInstruction' && results[n]?.ok && results[n].result.outcome === 'CANCELLED',
      )
      .map((c) => byId.get('id' in c && c.id !== undefined ? c.id : ''))
      .filter((i): i is WorkItem => i !== undefined)
      .map((item) => cancellationOf({ ...item, custodianReference: custodianReferenceFor(item.id) }));
    if (withdrawn.length > 0) await cancelEach(adapter, withdrawn, failures, report);
  }
  await reportFailures(api, claim.owner, failures, retry, report);
}

/** Each failed transfer backs off (its lease becomes the wait) or is parked at the limit. */
async function reportFailures(
  api: ApiClient,
  owner: string,
  failures: Failures,
  retry: RetryPolicy,
  report: BatchReport,
): Promise<void> {
  if (failures.size === 0) return;
  const { results } = await api.internal.processBatch.mutate({
    commands: [...failures].map(([id, error]) => ({
      op: 'failWork' as const,
      id,
      owner,
      error: error.slice(0, 2000),
      maxAttempts: retry.maxAttempts,
      backoffSeconds: retry.backoffSeconds,
    })),
  });
  count(report, results);
}
