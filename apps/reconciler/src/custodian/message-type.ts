import type { CustodianMessage } from './adapter.js';

const KNOWN = new Set(['MT535', 'MT540', 'MT542', 'MT544', 'MT546', 'MT548']);

/**
 * The ISO 15022 type a message is (or stands for, from the simulated
 * custodian): the metrics' `type` label, from a fixed set so that a
 * malformed file cannot invent labels.
 */
export function messageTypeOf(message: CustodianMessage): string {
  switch (message.kind) {
    case 'confirmation':
      return message.messageType;
    case 'reversal':
      return message.messageType ?? 'other';
    case 'statement':
      return 'MT535';
    case 'exception':
      return message.messageType !== undefined && KNOWN.has(message.messageType)
        ? message.messageType
        : 'other';
    default:
      return 'MT548';
  }
}
