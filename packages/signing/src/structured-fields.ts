/**
 * The subset of RFC 8941 (Structured Field Values) that HTTP Message Signatures need:
 * dictionaries whose members are items or inner lists, with parameters. Decimals are
 * deliberately unsupported (nothing in the signature headers uses them).
 */
export type BareItem =
  | { type: 'integer'; value: number }
  | { type: 'string'; value: string }
  | { type: 'token'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'bytes'; value: Uint8Array };

/** Parameters keep their order: the signature base re-serializes them as received. */
export type Parameters = Array<[key: string, value: BareItem]>;

export interface Item {
  kind: 'item';
  value: BareItem;
  params: Parameters;
}

export interface InnerList {
  kind: 'inner-list';
  items: Item[];
  params: Parameters;
}

export type Dictionary = Array<[key: string, member: Item | InnerList]>;

const MAX_INTEGER = 999_999_999_999_999;

export function serializeBareItem(item: BareItem): string {
  switch (item.type) {
    case 'integer':
      if (!Number.isInteger(item.value) || Math.abs(item.value) > MAX_INTEGER) {
        throw new RangeError(`structured field integer out of range: ${item.value}`);
      }
      return String(item.value);
    case 'string':
      if (!isSfString(item.value)) throw new RangeError('structured field strings must be printable ASCII');
      return `"${item.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    case 'token':
      if (!isSfToken(item.value)) throw new RangeError(`not a structured field token: ${item.value}`);
      return item.value;
    case 'boolean':
      return item.value ? '?1' : '?0';
    case 'bytes':
      return `:${Buffer.from(item.value.buffer, item.value.byteOffset, item.value.byteLength).toString('base64')}:`;
  }
}

export function serializeParameters(params: Parameters): string {
  let out = '';
  for (const [key, value] of params) {
    if (!isSfKey(key)) throw new RangeError(`not a structured field key: ${key}`);
    out += value.type === 'boolean' && value.value ? `;${key}` : `;${key}=${serializeBareItem(value)}`;
  }
  return out;
}

export function serializeItem(item: Item): string {
  return serializeBareItem(item.value) + serializeParameters(item.params);
}

export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map(serializeItem).join(' ')})${serializeParameters(list.params)}`;
}

export function serializeDictionary(dict: Dictionary): string {
  return dict
    .map(([key, member]) => {
      if (!isSfKey(key)) throw new RangeError(`not a structured field key: ${key}`);
      if (member.kind === 'inner-list') return `${key}=${serializeInnerList(member)}`;
      if (member.value.type === 'boolean' && member.value.value)
        return key + serializeParameters(member.params);
      return `${key}=${serializeItem(member)}`;
    })
    .join(', ');
}

export function isSfKey(s: string): boolean {
  return s.length > 0 && s.length <= 64 && /^[a-z*][a-z0-9_.*-]*$/.test(s);
}

export function isSfToken(s: string): boolean {
  return /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/.test(s);
}

export function isSfString(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}
