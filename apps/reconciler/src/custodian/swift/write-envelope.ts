/** SWIFT FIN separates lines with CR LF. */
export const CRLF = '\r\n';

/** BIC8 or BIC11 → 12-character logical terminal address (terminal code inserted, branch XXX by default). */
export function terminalOf(bic: string, terminalCode: string): string {
  const branch = bic.length === 11 ? bic.slice(8) : 'XXX';
  return `${bic.slice(0, 8)}${terminalCode}${branch}`;
}

/**
 * An input message as handed to the SWIFT interface: basic header with
 * session/sequence left at zero (the interface fills them), application
 * header with normal priority, block 4 lines, no trailer.
 */
export function writeFin(
  messageType: string,
  senderBic: string,
  receiverBic: string,
  body: readonly string[],
): string {
  const basic = `{1:F01${terminalOf(senderBic, 'A')}0000000000}`;
  const application = `{2:I${messageType}${terminalOf(receiverBic, 'X')}N}`;
  return `${basic}${application}{4:${CRLF}${body.join(CRLF)}${CRLF}-}`;
}
