import { isValidIsin } from '@tbo/contracts';
import { isSwiftText, referenceProblem } from './charset.js';
import { SwiftParseError } from './errors.js';
import { labelOf } from './query.js';
import { fromSwiftDate, isSwiftTime } from './swift-date.js';
import { fromSwiftDecimal } from './swift-decimal.js';
import type { SwiftField } from './tokenize.js';

/** Turns a field's value into typed data, or throws a SwiftParseError at the field's line. */
function fail(field: SwiftField, problem: string): never {
  throw new SwiftParseError(`${labelOf(field)} ${problem}`, field.line);
}

function singleLine(field: SwiftField): string {
  if (field.value.includes('\n')) fail(field, 'must be on one line');
  return field.value;
}

export function referenceValue(field: SwiftField): string {
  const value = singleLine(field);
  const problem = referenceProblem(value);
  if (problem) fail(field, `has an invalid reference "${value}": ${problem}`);
  return value;
}

/** 98A `YYYYMMDD` or 98C `YYYYMMDDHHMMSS` → `YYYY-MM-DD`. */
export function dateValue(field: SwiftField): string {
  const value = singleLine(field);
  const date = field.tag === '98C' ? value.slice(0, 8) : value;
  const time = field.tag === '98C' ? value.slice(8) : '';
  const iso = fromSwiftDate(date);
  if (iso === undefined)
    fail(field, `has an invalid date "${date}" (expected a real calendar date YYYYMMDD)`);
  if (field.tag === '98C' && !isSwiftTime(time))
    fail(field, `has an invalid time "${time}" (expected HHMMSS)`);
  return iso;
}

/** A 4-character code such as `NEWM`, `REJT`, `PAIN`. */
export function codeValue(field: SwiftField): string {
  const value = singleLine(field);
  if (!/^[A-Z0-9]{4}$/.test(value))
    fail(field, `has an invalid code "${value}" (expected 4 letters or digits)`);
  return value;
}

export type QuantityType = 'UNIT' | 'FAMT';

export interface QuantityValue {
  type: QuantityType;
  /** Canonical decimal string with a dot; negative only when signed quantities are allowed. */
  quantity: string;
}

/** `UNIT/10,` → `{ type: 'UNIT', quantity: '10' }`; `N` before the amount marks a negative balance (93B). */
export function quantityValue(
  field: SwiftField,
  options: { types: readonly QuantityType[]; signed: boolean },
): QuantityValue {
  const value = singleLine(field);
  const slash = value.indexOf('/');
  const type = slash < 0 ? value : value.slice(0, slash);
  const allowed = options.types.find((t) => t === type);
  if (slash < 0 || allowed === undefined) {
    fail(field, `has an unsupported quantity type "${type}" (expected ${options.types.join(' or ')})`);
  }
  const rest = value.slice(slash + 1);
  const negative = options.signed && rest.startsWith('N');
  const amount = negative ? rest.slice(1) : rest;
  const decimal = fromSwiftDecimal(amount);
  if (decimal === undefined) {
    fail(
      field,
      `has an invalid quantity "${amount}" (expected digits with a decimal comma, e.g. 10, or 10,5)`,
    );
  }
  return { type: allowed, quantity: negative && decimal !== '0' ? `-${decimal}` : decimal };
}

/** `:35B:ISIN US0378331005` plus optional description lines. */
export function isinValue(field: SwiftField): { isin: string; description?: string } {
  const [first = '', ...rest] = field.value.split('\n');
  const m = /^ISIN ([A-Z0-9]{12})$/.exec(first);
  if (!m)
    fail(field, `does not identify the instrument by ISIN (expected "ISIN <12 characters>", got "${first}")`);
  const isin = m[1] ?? '';
  if (!isValidIsin(isin)) fail(field, `has an invalid ISIN ${isin} (check digit does not match)`);
  return rest.length > 0 ? { isin, description: rest.join('\n') } : { isin };
}

/** Safekeeping account `:97A::SAFE//<35x>`. */
export function accountValue(field: SwiftField): string {
  const value = singleLine(field);
  if (value === '' || value.length > 35 || !isSwiftText(value)) {
    fail(field, `has an invalid account "${value}" (expected 1 to 35 SWIFT characters)`);
  }
  return value;
}

/** Narrative of up to `maxLines` lines of 35 characters, lines kept apart by '\n'. */
export function narrativeValue(field: SwiftField, maxLines: number): string {
  const lines = field.value.split('\n');
  if (lines.length > maxLines) fail(field, `has ${lines.length} lines (at most ${maxLines})`);
  lines.forEach((text, i) => {
    if (text.length > 35) fail(field, `narrative line ${i + 1} has ${text.length} characters (at most 35)`);
    if (!isSwiftText(text)) fail(field, `narrative line ${i + 1} uses characters outside the SWIFT set`);
  });
  return field.value;
}

/** `:23G:NEWM` or `:23G:NEWM/DUPL` → function and optional sub-function, checked against `allowed`. */
export function functionValue<F extends string>(
  field: SwiftField,
  allowed: readonly F[],
): { function: F; subFunction?: string } {
  const value = singleLine(field);
  const m = /^([A-Z]{4})(?:\/(COPY|DUPL|CODU))?$/.exec(value);
  const fn = allowed.find((a) => a === m?.[1]);
  if (!m || fn === undefined) {
    fail(field, `has an unsupported function "${value}" (expected ${allowed.join(' or ')})`);
  }
  return m[2] === undefined ? { function: fn } : { function: fn, subFunction: m[2] };
}
