import { componentValue, type HttpMessage } from './components.js';

export type SignatureBase =
  | { ok: true; base: string }
  | { ok: false; component: string; absent: boolean; error: string };

/**
 * The signature base of draft-ietf-httpbis-message-signatures-15 section 2.5: one line
 * `"<component>": <value>` per covered component, in the order of the covered list, then
 * `"@signature-params": <signatureParams>`, joined with LF and without a trailing newline.
 *
 * `signatureParams` is the serialized inner list (see `serializeSignatureParams`).
 */
export function buildSignatureBase(
  components: readonly string[],
  signatureParams: string,
  message: HttpMessage,
): SignatureBase {
  let base = '';
  for (const name of components) {
    const value = componentValue(name, message);
    if (!value.ok) return { ok: false, component: name, absent: value.absent, error: value.error };
    base += `"${name}": ${value.value}\n`;
  }
  return { ok: true, base: `${base}"@signature-params": ${signatureParams}` };
}
