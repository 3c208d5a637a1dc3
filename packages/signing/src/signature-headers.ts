import { err, ok, type Result } from './result.js';
import { readSignatureParams, type SignatureParams } from './signature-params.js';
import { serializeInnerList } from './structured-fields.js';
import { parseDictionary } from './structured-fields-parse.js';

export interface SignatureInputEntry {
  label: string;
  components: string[];
  params: SignatureParams;
  /** The inner list re-serialized canonically: the value of the `@signature-params` line. */
  signatureParams: string;
}

/** Parses a `signature-input` header (label → inner list of components with parameters). Never throws. */
export function parseSignatureInput(header: string): Result<SignatureInputEntry[]> {
  const dict = parseDictionary(header);
  if (!dict.ok) return err(`signature-input: ${dict.error}`);
  const entries: SignatureInputEntry[] = [];
  for (const [label, member] of dict.value) {
    if (member.kind !== 'inner-list')
      return err(`signature-input: ${label} must be an inner list of components`);
    const read = readSignatureParams(member);
    if (!read.ok) return err(`signature-input: ${label}: ${read.error}`);
    entries.push({ label, ...read.value, signatureParams: serializeInnerList(member) });
  }
  return ok(entries);
}

export interface SignatureEntry {
  label: string;
  signature: Uint8Array;
}

/** Parses a `signature` header (label → `:base64:` byte sequence). Never throws. */
export function parseSignature(header: string): Result<SignatureEntry[]> {
  const dict = parseDictionary(header);
  if (!dict.ok) return err(`signature: ${dict.error}`);
  const entries: SignatureEntry[] = [];
  for (const [label, member] of dict.value) {
    if (member.kind !== 'item' || member.value.type !== 'bytes') {
      return err(`signature: ${label} must be a byte sequence (:base64:)`);
    }
    if (member.params.length > 0) return err(`signature: ${label} must not carry parameters`);
    entries.push({ label, signature: member.value.value });
  }
  return ok(entries);
}
