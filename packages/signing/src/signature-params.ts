import { isComponentName } from './components.js';
import { err, ok, type Result } from './result.js';
import { type InnerList, type Parameters, serializeInnerList } from './structured-fields.js';

/** The signature parameters of draft 15 section 2.3 (all optional on the wire). */
export interface SignatureParams {
  created?: number;
  expires?: number;
  keyid?: string;
  nonce?: string;
  alg?: string;
  tag?: string;
}

const INTEGER_PARAMS = ['created', 'expires'] as const;
const STRING_PARAMS = ['keyid', 'nonce', 'alg', 'tag'] as const;
/** Order in which the signer writes parameters. */
const PARAM_ORDER = ['created', 'expires', 'keyid', 'nonce', 'alg', 'tag'] as const;

/** The inner list of covered components with the parameters, in PARAM_ORDER. */
export function signatureParamsList(components: readonly string[], params: SignatureParams): InnerList {
  const list: Parameters = [];
  for (const key of PARAM_ORDER) {
    const value = params[key];
    if (value === undefined) continue;
    list.push([key, typeof value === 'number' ? { type: 'integer', value } : { type: 'string', value }]);
  }
  return {
    kind: 'inner-list',
    items: components.map((value) => ({ kind: 'item', value: { type: 'string', value }, params: [] })),
    params: list,
  };
}

/** `("@method" "@path");created=1618884473;keyid="test-key"` – the value of `@signature-params`. */
export function serializeSignatureParams(components: readonly string[], params: SignatureParams): string {
  return serializeInnerList(signatureParamsList(components, params));
}

/** Reads the covered components and typed parameters from a `signature-input` member. Never throws. */
export function readSignatureParams(
  list: InnerList,
): Result<{ components: string[]; params: SignatureParams }> {
  const components: string[] = [];
  for (const item of list.items) {
    if (item.value.type !== 'string') return err('covered components must be quoted strings');
    const name = item.value.value;
    if (item.params.length > 0) return err(`component parameters are not supported ("${name}")`);
    if (!isComponentName(name)) return err(`"${name}" is not a supported component identifier`);
    if (components.includes(name)) return err(`component "${name}" is listed twice`);
    components.push(name);
  }
  const params: SignatureParams = {};
  for (const [key, value] of list.params) {
    if ((INTEGER_PARAMS as readonly string[]).includes(key)) {
      if (value.type !== 'integer' || value.value < 0)
        return err(`parameter ${key} must be a non-negative integer`);
      params[key as (typeof INTEGER_PARAMS)[number]] = value.value;
    } else if ((STRING_PARAMS as readonly string[]).includes(key)) {
      if (value.type !== 'string') return err(`parameter ${key} must be a string`);
      params[key as (typeof STRING_PARAMS)[number]] = value.value;
    } else {
      return err(`unknown signature parameter '${key}'`);
    }
  }
  return ok({ components, params });
}
