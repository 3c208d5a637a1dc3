import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { type Algorithm, algorithmOfKey } from './algorithms.js';
import { type HttpMessage, isComponentName } from './components.js';
import { contentDigest } from './content-digest.js';
import { defaultSignedComponents } from './default-components.js';
import { toPrivateKey } from './keys.js';
import { type EcdsaEncoding, isEcdsaEncoding, signBytes } from './raw-signature.js';
import { buildSignatureBase } from './signature-base.js';
import { serializeSignatureParams } from './signature-params.js';
import { isSfKey } from './structured-fields.js';

export const SIGNATURE_VERSION = '15';

export interface SignRequestOptions {
  method: string;
  /** Absolute URL, or a path with optional query (then `@authority` cannot be covered). */
  url: string | URL;
  /** The headers that will be sent (any case). */
  headers?: Readonly<Record<string, string | undefined>>;
  /** The exact bytes that will be sent. With a body, `content-digest` and `content-length` are added. */
  body?: Uint8Array | string;
  keyId: string;
  privateKey: KeyObject | string;
  /** Detected from the key when omitted. */
  algorithm?: Algorithm;
  /** ECDSA only: `der` (default, as OpenSSL, Java, Go and Python sign) or `raw` r‖s. */
  ecdsaEncoding?: EcdsaEncoding;
  label?: string;
  /** Unix seconds; default now. */
  created?: number;
  /** Unix seconds; default created + 60; `false` to omit. */
  expires?: number | false;
  /** Default 32 random bytes, base64url; `false` to omit. */
  nonce?: string | false;
  /** Add the `alg` parameter (default false: the verifier knows the key's algorithm). */
  includeAlg?: boolean;
  /** Covered components in order; default `defaultSignedComponents`. */
  components?: readonly string[];
}

/** The headers to add to the request: content-digest/-length (with a body), signature-input, signature, version. */
export type SignatureHeaders = Record<string, string>;

/** Signs a request; throws on programming errors (bad key, uncoverable component). */
export function signRequest(options: SignRequestOptions): SignatureHeaders {
  const label = options.label ?? 'sig1';
  if (!isSfKey(label)) throw new Error(`invalid signature label ${label}`);
  const url = typeof options.url === 'string' ? new URL(options.url, 'http://relative.invalid') : options.url;
  const relative = url.host === 'relative.invalid';
  const added: SignatureHeaders = {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (options.body !== undefined) {
    added['content-digest'] = contentDigest(options.body);
    added['content-length'] = String(Buffer.byteLength(options.body));
    Object.assign(headers, added);
  }
  const message: HttpMessage = {
    method: options.method,
    path: url.pathname,
    query: url.search,
    headers,
    ...(relative ? {} : { authority: url.host, scheme: url.protocol.replace(/:$/, '') }),
  };
  const components =
    options.components ?? defaultSignedComponents({ ...message, hasBody: options.body !== undefined });
  for (const name of components)
    if (!isComponentName(name)) throw new Error(`invalid component name ${name}`);

  const privateKey = toPrivateKey(options.privateKey);
  const algorithm = options.algorithm ?? algorithmOfKey(privateKey);
  if (algorithm === undefined)
    throw new Error('unsupported private key type: use ECDSA P-256/P-384/P-521 or Ed25519');
  if (algorithmOfKey(privateKey) !== algorithm)
    throw new Error(`private key does not match algorithm ${algorithm}`);
  const ecdsaEncoding = options.ecdsaEncoding ?? 'der';
  if (!isEcdsaEncoding(ecdsaEncoding)) throw new Error(`invalid ecdsaEncoding ${String(ecdsaEncoding)}`);

  const created = options.created ?? Math.floor(Date.now() / 1000);
  const expires = options.expires === false ? undefined : (options.expires ?? created + 60);
  const nonce =
    options.nonce === false ? undefined : (options.nonce ?? randomBytes(32).toString('base64url'));
  const signatureParams = serializeSignatureParams(components, {
    created,
    ...(expires === undefined ? {} : { expires }),
    keyid: options.keyId,
    ...(nonce === undefined ? {} : { nonce }),
    ...(options.includeAlg ? { alg: algorithm } : {}),
  });
  const base = buildSignatureBase(components, signatureParams, message);
  if (!base.ok) throw new Error(`cannot sign ${base.component}: ${base.error}`);

  const signature = signBytes(algorithm, privateKey, Buffer.from(base.base), ecdsaEncoding);
  added['signature-input'] = `${label}=${signatureParams}`;
  added.signature = `${label}=:${Buffer.from(signature).toString('base64')}:`;
  added['upvest-signature-version'] = SIGNATURE_VERSION;
  return added;
}
