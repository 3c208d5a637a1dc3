import type { SettlementCommand } from './api-client.js';
import type { CustodianMessage } from './custodian/adapter.js';

/** A FIN message's text block holds at most 10,000 characters; anything far longer is not one. */
export const MAX_RAW_CHARS = 20_000;

/** The raw text kept with an exception; an oversized file is cut, saying so. */
function keptRaw(raw: string): string {
  if (raw.length <= MAX_RAW_CHARS) return raw;
  const note = `\n[… cut: ${raw.length} characters in all]`;
  return raw.slice(0, MAX_RAW_CHARS - note.length) + note;
}

/** The api command for a custodian message; statements have none (they have their own call). */
export function commandFor(
  message: CustodianMessage,
  source?: string,
  raw?: string,
): SettlementCommand | undefined {
  const from = {
    ...(source !== undefined ? { source } : {}),
    ...(raw !== undefined ? { raw: keptRaw(raw) } : {}),
  };
  // What an advice or reversal says of the instruction; the api matches it against ours.
  const advised = {
    ...('isin' in message && message.isin !== undefined ? { isin: message.isin } : {}),
    ...('safekeepingAccount' in message && message.safekeepingAccount !== undefined
      ? { safekeepingAccount: message.safekeepingAccount }
      : {}),
  };
  switch (message.kind) {
    case 'confirmation':
      return {
        op: 'applyConfirmation',
        custodianReference: message.custodianReference,
        messageReference: message.messageReference,
        messageType: message.messageType,
        isin: message.isin,
        safekeepingAccount: message.safekeepingAccount,
        quantity: message.quantity,
        effectiveDate: message.effectiveDate,
        ...from,
      };
    case 'reversal':
      return {
        op: 'applyReversal',
        messageReference: message.messageReference,
        previousReference: message.previousReference,
        ...(message.messageType !== undefined ? { messageType: message.messageType } : {}),
        ...advised,
        ...from,
      };
    case 'rejection':
      return {
        op: 'applyRejection',
        custodianReference: message.custodianReference,
        messageReference: message.messageReference,
        reasonCode: message.reasonCode,
        ...(message.narrative !== undefined ? { narrative: message.narrative.slice(0, 500) } : {}),
        ...advised,
        ...from,
      };
    case 'cancellation-confirmed':
      return {
        op: 'confirmCancellation',
        custodianReference: message.custodianReference,
        messageReference: message.messageReference,
        ...advised,
        ...from,
      };
    case 'cancellation-denied':
    case 'status': {
      const detail = {
        custodianReference: message.custodianReference,
        messageReference: message.messageReference,
        status: message.status,
        ...(message.reasonCode !== undefined ? { reasonCode: message.reasonCode } : {}),
        ...(message.narrative !== undefined ? { narrative: message.narrative.slice(0, 500) } : {}),
        ...advised,
        ...from,
      };
      return message.kind === 'status'
        ? { op: 'recordCustodianStatus', function: message.function, ...detail }
        : { op: 'denyCancellation', ...detail };
    }
    case 'exception':
      return {
        op: 'recordException',
        reasonCode: message.reasonCode,
        detail: message.detail.slice(0, 1000),
        ...(message.messageType !== undefined ? { messageType: message.messageType } : {}),
        ...(message.messageReference !== undefined ? { messageReference: message.messageReference } : {}),
        ...(message.relatedReference !== undefined ? { relatedReference: message.relatedReference } : {}),
        ...from,
      };
    case 'statement':
      return undefined;
  }
}
