import type { SettlementCommand } from './api-client.js';
import type { CustodianMessage } from './custodian/adapter.js';

/** The api command for a custodian message; statements and info advices have none. */
export function commandFor(message: CustodianMessage, source?: string): SettlementCommand | undefined {
  const from = source !== undefined ? { source } : {};
  switch (message.kind) {
    case 'confirmation':
      return {
        op: 'applyConfirmation',
        custodianReference: message.custodianReference,
        messageReference: message.messageReference,
        quantity: message.quantity,
        effectiveDate: message.effectiveDate,
        ...from,
      };
    case 'reversal':
      return {
        op: 'applyReversal',
        messageReference: message.messageReference,
        previousReference: message.previousReference,
        ...from,
      };
    case 'rejection':
      return {
        op: 'applyRejection',
        custodianReference: message.custodianReference,
        messageReference: message.messageReference,
        reasonCode: message.reasonCode,
        ...(message.narrative !== undefined ? { narrative: message.narrative.slice(0, 500) } : {}),
        ...from,
      };
    case 'cancellation-confirmed':
      return {
        op: 'confirmCancellation',
        custodianReference: message.custodianReference,
        messageReference: message.messageReference,
        ...from,
      };
    case 'statement':
    case 'info':
      return undefined;
  }
}
