import { marketDate } from '@tbo/contracts';
import type { WorkItem } from '../api-client.js';
import type {
  CancellationOrder,
  CustodianAdapter,
  CustodianMessage,
  InboundMessage,
  InstructionOrder,
  InstructResult,
} from './adapter.js';
import { DEFAULT_BICS, instructionFor } from './instruction-for.js';
import { SwiftWriteError } from './swift/errors.js';
import { instructionProblems } from './swift/validate-instruction.js';

export interface SimulatedOptions {
  /** How long after its instruction an AUTO… transfer gets its (first) answer. */
  settleAfterMs?: number;
}

/** The sandbox variants, chosen by the start of `settlement_reference`. */
export type AutoVariant = 'PARTIAL' | 'REJECT' | 'CANCEL' | 'SETTLE';

export function autoVariantOf(settlementReference: string): AutoVariant | undefined {
  if (!settlementReference.startsWith('AUTO')) return undefined;
  if (settlementReference.startsWith('AUTO-PARTIAL')) return 'PARTIAL';
  if (settlementReference.startsWith('AUTO-REJECT')) return 'REJECT';
  if (settlementReference.startsWith('AUTO-CANCEL')) return 'CANCEL';
  return 'SETTLE';
}

function answer(item: WorkItem, today: string): CustodianMessage | undefined {
  const ref = item.custodianReference;
  const variant = autoVariantOf(item.settlementReference);
  if (ref === null || variant === undefined) return undefined;
  // A custodian settles on the intended settlement date or later, never before (nor before the trade).
  const intended = item.settlementDate ?? item.tradeDate ?? today;
  const effectiveDate = intended > today ? intended : today;
  // The simulated custodian confirms exactly what was instructed, and is matched like a real one.
  const confirm = (suffix: string, quantity: string): CustodianMessage => ({
    kind: 'confirmation',
    messageReference: `SIM${ref}${suffix}`,
    custodianReference: ref,
    messageType: item.direction === 'INCOMING' ? 'MT544' : 'MT546',
    isin: item.isin,
    safekeepingAccount: item.safekeepingAccount,
    quantity,
    effectiveDate,
  });
  const total = BigInt(item.quantity);
  const settled = BigInt(item.quantitySettled);
  switch (variant) {
    case 'REJECT':
      return {
        kind: 'rejection',
        messageReference: `SIM${ref}REJT`,
        custodianReference: ref,
        reasonCode: 'SAFE',
        narrative: 'simulated rejection (AUTO-REJECT): safekeeping account unknown at the counterparty',
      };
    case 'CANCEL':
      return { kind: 'cancellation-confirmed', messageReference: `SIM${ref}CAND`, custodianReference: ref };
    case 'PARTIAL':
      if (settled === 0n && total >= 2n) return confirm('P1', (total / 2n).toString());
      return confirm('P2', (total - settled).toString());
    case 'SETTLE':
      return confirm('S1', (total - settled).toString());
  }
}

/**
 * Deterministic stand-in for the custodian. It keeps no state: every answer
 * is derived from the transfer the api hands out, and its message reference
 * from our instruction reference, so a replay after a crash is a duplicate
 * the api ignores. References not starting with AUTO get no answer.
 */
export function createSimulatedCustodian(options: SimulatedOptions = {}): CustodianAdapter {
  return {
    name: 'simulated',
    simulateAfterMs: options.settleAfterMs ?? 0,
    // The same checks as the SWIFT writer: the sandbox never takes what production would refuse.
    async instruct(orders: readonly InstructionOrder[]): Promise<InstructResult[]> {
      return orders.map((o): InstructResult => {
        const instruction = instructionFor(o.item, o.reference, DEFAULT_BICS, marketDate(new Date()));
        const problems = instructionProblems(instruction);
        return problems.length === 0
          ? { id: o.item.id, sent: true }
          : {
              id: o.item.id,
              sent: false,
              reasonCode: 'INSTRUCTION_INVALID',
              reason: new SwiftWriteError(`${instruction.kind} settlement instruction`, problems).message,
            };
      });
    },
    async cancel(orders: readonly CancellationOrder[]): Promise<CustodianMessage[]> {
      // Before settlement the simulated custodian always accepts a cancellation.
      return orders.map((o) => ({
        kind: 'cancellation-confirmed',
        messageReference: `SIM${o.reference}CAND`,
        custodianReference: o.instructionReference,
      }));
    },
    simulate(items: readonly WorkItem[], today: string): CustodianMessage[] {
      return items.map((item) => answer(item, today)).filter((m): m is CustodianMessage => m !== undefined);
    },
    async receive(): Promise<InboundMessage[]> {
      return [];
    },
  };
}
