import { err, ok, type Result } from './result.js';
import type { BareItem, Dictionary, InnerList, Item, Parameters } from './structured-fields.js';
import { Cursor, SF_LIMITS, SfError } from './structured-fields-cursor.js';

export { SF_LIMITS };

/**
 * Parses an RFC 8941 dictionary strictly. Never throws: malformed or hostile input yields
 * `{ ok: false, error }`. Duplicate keys and parameters are rejected rather than overwritten,
 * and the sizes are capped (SF_LIMITS).
 */
export function parseDictionary(input: string): Result<Dictionary> {
  if (typeof input !== 'string') return err('header value must be a string');
  if (input.length > SF_LIMITS.maxLength)
    return err(`header value longer than ${SF_LIMITS.maxLength} characters`);
  try {
    return ok(dictionary(new Cursor(input)));
  } catch (e) {
    return err(e instanceof SfError ? e.message : 'malformed structured field');
  }
}

function dictionary(c: Cursor): Dictionary {
  const dict: Dictionary = [];
  const seen = new Set<string>();
  c.skipSp();
  if (c.done) c.fail('expected a dictionary member');
  for (;;) {
    const key = c.key();
    if (seen.has(key)) throw new SfError(`duplicate dictionary key '${key}'`);
    if (dict.length >= SF_LIMITS.maxMembers) throw new SfError(`more than ${SF_LIMITS.maxMembers} members`);
    seen.add(key);
    if (c.peek() === '=') {
      c.pos++;
      dict.push([key, c.peek() === '(' ? innerList(c) : item(c)]);
    } else {
      dict.push([key, { kind: 'item', value: { type: 'boolean', value: true }, params: params(c) }]);
    }
    c.skipOws();
    if (c.done) return dict;
    if (c.peek() !== ',') c.fail("expected ',' between dictionary members");
    c.pos++;
    c.skipOws();
    if (c.done) c.fail('expected a dictionary member after the comma');
  }
}

function innerList(c: Cursor): InnerList {
  c.pos++; // '('
  const items: Item[] = [];
  for (;;) {
    c.skipSp();
    if (c.peek() === ')') {
      c.pos++;
      return { kind: 'inner-list', items, params: params(c) };
    }
    if (items.length >= SF_LIMITS.maxListItems) c.fail(`more than ${SF_LIMITS.maxListItems} list items`);
    items.push(item(c));
    const next = c.peek();
    if (next !== ' ' && next !== ')') c.fail("expected ' ' or ')' in inner list");
  }
}

function item(c: Cursor): Item {
  const value = c.bareItem();
  return { kind: 'item', value, params: params(c) };
}

function params(c: Cursor): Parameters {
  const out: Parameters = [];
  while (c.peek() === ';') {
    c.pos++;
    c.skipSp();
    const key = c.key();
    if (out.some(([k]) => k === key)) throw new SfError(`duplicate parameter '${key}'`);
    if (out.length >= SF_LIMITS.maxParams) throw new SfError(`more than ${SF_LIMITS.maxParams} parameters`);
    let value: BareItem = { type: 'boolean', value: true };
    if (c.peek() === '=') {
      c.pos++;
      value = c.bareItem();
    }
    out.push([key, value]);
  }
  return out;
}
