import { SwiftParseError } from './errors.js';
import { mapConfirmation, type SettlementConfirmation } from './parse-confirmation.js';
import { type HoldingsStatement, mapStatement } from './parse-statement.js';
import { mapStatusAdvice, type SettlementStatusAdvice } from './parse-status-advice.js';
import { readFin } from './read-fin.js';

export type ParsedSwiftMessage = SettlementConfirmation | SettlementStatusAdvice | HoldingsStatement;

/** Message types `parseMessage` understands. */
export const PARSED_MESSAGE_TYPES = ['MT535', 'MT544', 'MT546', 'MT548'] as const;

/**
 * Parses one FIN message received from the custodian and dispatches on the
 * message type of block 2. Throws SwiftParseError (with a line number) for
 * any other type, a malformed envelope or a missing/invalid required field.
 */
export function parseMessage(text: string): ParsedSwiftMessage {
  const { envelope, body } = readFin(text);
  switch (envelope.messageType) {
    case '544':
      return mapConfirmation('MT544', body);
    case '546':
      return mapConfirmation('MT546', body);
    case '548':
      return mapStatusAdvice(body);
    case '535':
      return mapStatement(body);
    default:
      throw new SwiftParseError(
        `unsupported message type MT${envelope.messageType} (supported: ${PARSED_MESSAGE_TYPES.join(', ')})`,
        body.line,
      );
  }
}
