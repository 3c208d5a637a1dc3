import type { WorkItem } from '../api-client.js';

/** A status advice (MT548) as `<qualifier>//<code>` with the reason that explains it. */
export interface StatusDetail {
  status: string;
  reasonCode?: string;
  narrative?: string;
}

/** What an advice says the instruction is about (MT548 SETTRAN), matched against ours when present. */
export interface AdvisedTransaction {
  isin?: string;
  safekeepingAccount?: string;
}

/** What the custodian tells us, already independent of the wire format. */
export type CustodianMessage =
  | {
      kind: 'confirmation';
      messageReference: string;
      custodianReference: string;
      /** MT544 confirms a receipt (INCOMING), MT546 a delivery (OUTGOING). */
      messageType: 'MT544' | 'MT546';
      isin: string;
      safekeepingAccount: string;
      quantity: string;
      effectiveDate: string;
    }
  | {
      kind: 'reversal';
      messageReference: string;
      previousReference: string;
      messageType?: 'MT544' | 'MT546';
      isin?: string;
      safekeepingAccount?: string;
    }
  /** Our instruction was rejected (MT548 INST, IPRC//REJT). */
  | ({
      kind: 'rejection';
      messageReference: string;
      custodianReference: string;
      reasonCode: string;
      narrative?: string;
    } & AdvisedTransaction)
  | ({
      kind: 'cancellation-confirmed';
      messageReference: string;
      custodianReference: string;
    } & AdvisedTransaction)
  /** Our cancellation request was refused (MT548 CAST, REJT or CPRC//DEND): the instruction stays live. */
  | ({ kind: 'cancellation-denied'; messageReference: string; custodianReference: string } & StatusDetail &
      AdvisedTransaction)
  /** Any other status (matched, unmatched, pending, accepted…): kept on the transfer for operations. */
  | ({
      kind: 'status';
      messageReference: string;
      custodianReference: string;
      function: 'INST' | 'CAST';
    } & StatusDetail &
      AdvisedTransaction)
  | {
      kind: 'statement';
      reference: string;
      /** The account as the custodian names it (`:97A::SAFE//`); the api knows whose it is. */
      safekeepingAccount: string;
      statementDate: string;
      holdings: { isin: string; quantity: string }[];
      complete: boolean;
    }
  /** A message that cannot apply to anything of ours as it stands: an exception for operations. */
  | {
      kind: 'exception';
      reasonCode: string;
      detail: string;
      messageType?: string;
      messageReference?: string;
      relatedReference?: string;
    };

/** A received message and how to acknowledge it once the api has applied it (or refused it for good). */
export interface InboundMessage {
  source: string;
  message: CustodianMessage;
  /** The message as received, kept with an exception when it is not booked. */
  raw?: string;
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
