import type { WorkItem } from '../api-client.js';

/** What the custodian tells us, already independent of the wire format. */
export type CustodianMessage =
  | {
      kind: 'confirmation';
      messageReference: string;
      custodianReference: string;
      quantity: string;
      effectiveDate: string;
    }
  | { kind: 'reversal'; messageReference: string; previousReference: string }
  | {
      kind: 'rejection';
      messageReference: string;
      custodianReference: string;
      reasonCode: string;
      narrative?: string;
    }
  | { kind: 'cancellation-confirmed'; messageReference: string; custodianReference: string }
  | {
      kind: 'statement';
      reference: string;
      /** The account as the custodian names it (`:97A::SAFE//`); the api knows whose it is. */
      safekeepingAccount: string;
      statementDate: string;
      holdings: { isin: string; quantity: string }[];
      complete: boolean;
    }
  /** Nothing to apply (e.g. matched / pending status advice); logged and acknowledged. */
  | { kind: 'info'; messageReference: string; detail: string };

/** A received message and how to acknowledge it once the api has applied it (or refused it for good). */
export interface InboundMessage {
  source: string;
  message: CustodianMessage;
  done(): Promise<void>;
  reject(reason: string): Promise<void>;
}

export interface InstructionOrder {
  item: WorkItem;
  reference: string;
}

export interface CancellationOrder {
  item: WorkItem;
  /** Reference of the instruction being cancelled. */
  instructionReference: string;
  reference: string;
}

export type InstructResult =
  | { id: string; sent: true }
  | { id: string; sent: false; reasonCode: string; reason: string };

/**
 * The custodian / CSD link. Every send is idempotent per reference: after a
 * crash the worker sends the same instruction again under the same reference.
 */
export interface CustodianAdapter {
  readonly name: string;
  /** Sandbox: ask the api for AUTO… transfers instructed this long ago (null: never). */
  readonly simulateAfterMs: number | null;
  instruct(orders: readonly InstructionOrder[]): Promise<InstructResult[]>;
  /** Sends cancellations; returns the custodian's immediate answers, if any. */
  cancel(orders: readonly CancellationOrder[]): Promise<CustodianMessage[]>;
  /** Sandbox: the custodian's answers for AUTO… transfers (see docs/reconciler.md). */
  simulate(items: readonly WorkItem[], today: string): CustodianMessage[];
  /** Messages waiting for us. */
  receive(): Promise<InboundMessage[]>;
}
