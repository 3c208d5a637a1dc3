import type { ApiClient, SettlementCommand, WorkItem } from './api-client.js';
import { type BatchReport, count } from './batch-report.js';
import type { CancellationOrder, CustodianAdapter } from './custodian/adapter.js';
import { commandFor } from './message-commands.js';
import { cancellationReferenceFor, custodianReferenceFor } from './references.js';

export interface ClaimOptions {
  owner: string;
  limit: number;
  leaseSeconds: number;
}

function cancellationOf(item: WorkItem): CancellationOrder {
  const instructionReference = item.custodianReference ?? custodianReferenceFor(item.id);
  return {
    item,
    instructionReference,
    reference: cancellationReferenceFor(instructionReference, item.cancellationDenials),
  };
}

/**
 * One claimed batch: validate the NEW transfers (in the claim call), send the valid
 * ones to the custodian, then record instructions, forwarded cancellations
 * and the simulated custodian's answers (one call). The instruction is sent
 * before it is recorded; a crash in between resends it under the same
 * reference, which the custodian treats as a duplicate.
 */
export async function handleClaimedWork(
  api: ApiClient,
  adapter: CustodianAdapter,
  claim: ClaimOptions,
  today: string,
  report: BatchReport,
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
  const toInstruct = items.filter((i) => i.work === 'INSTRUCT');
  const commands: SettlementCommand[] = [];

  if (toInstruct.length > 0) {
    const results =
      validations ??
      (
        await api.internal.processBatch.mutate({
          commands: toInstruct.map((i) => ({ op: 'validate', id: i.id })),
        })
      ).results;
    count(report, results);
    const valid = toInstruct.filter((_, n) => {
      const r = results[n];
      return r?.ok === true && r.result.outcome === 'VALIDATED';
    });
    const orders = valid.map((item) => ({ item, reference: custodianReferenceFor(item.id) }));
    for (const sent of await adapter.instruct(orders)) {
      commands.push(
        sent.sent
          ? { op: 'recordInstruction', id: sent.id, custodianReference: custodianReferenceFor(sent.id) }
          : {
              op: 'refuseInstruction',
              id: sent.id,
              reasonCode: sent.reasonCode,
              reason: sent.reason.slice(0, 500),
            },
      );
    }
  }

  const cancellations = items.filter((i) => i.work === 'FORWARD_CANCEL').map(cancellationOf);
  const answers = await adapter.cancel(cancellations);
  for (const c of cancellations) {
    commands.push({ op: 'markCancellationForwarded', id: c.item.id, cancellationReference: c.reference });
  }
  answers.push(
    ...adapter.simulate(
      items.filter((i) => i.work === 'SIMULATE'),
      today,
    ),
  );
  for (const answer of answers) {
    const command = commandFor(answer);
    if (command !== undefined) commands.push(command);
  }
  if (commands.length === 0) return;
  const { results } = await api.internal.processBatch.mutate({ commands });
  count(report, results);

  // Cancelled by the client while we were instructing it: withdraw what we just sent.
  const withdrawn = commands
    .filter(
      (c, n) => c.op === 'recordInstruction' && results[n]?.ok && results[n].result.outcome === 'CANCELLED',
    )
    .map((c) => byId.get('id' in c && c.id !== undefined ? c.id : ''))
    .filter((i): i is WorkItem => i !== undefined)
    .map((item) => cancellationOf({ ...item, custodianReference: custodianReferenceFor(item.id) }));
  if (withdrawn.length > 0) await adapter.cancel(withdrawn);
}
