import type { KeyObject } from 'node:crypto';
import { algorithmOfKey, SIGNATURE_LENGTH } from './algorithms.js';
import type { HttpMessage } from './components.js';
import type { ComponentContext } from './default-components.js';
import { toPublicKey } from './keys.js';
import { rawSignatureCandidates, verifyBytesAsync } from './raw-signature.js';
import { SIGNATURE_VERSION } from './sign-request.js';
import { buildSignatureBase } from './signature-base.js';
import { checkBody, checkTime, headerString, selectSignature } from './verify-checks.js';
import { fail, type VerifyRequestOptions, type VerifyResult } from './verify-types.js';

const EMPTY = new Uint8Array(0);

/**
 * Verifies the HTTP message signature (draft 15) of a request AS RECEIVED: the signature base
 * is rebuilt from the received method, path, query and headers, the content-digest is checked
 * against the raw body bytes, then the time window, the key, the signature and (last, so that
 * only valid signatures consume nonces) the nonce. Never throws on hostile input.
 */
export async function verifyRequestSignature(options: VerifyRequestOptions): Promise<VerifyResult> {
  const { headers } = options;
  const body = options.body ?? EMPTY;
  const inputHeader = headerString(headers, 'signature-input');
  const signatureHeader = headerString(headers, 'signature');
  if (inputHeader === undefined || signatureHeader === undefined) {
    const missing = inputHeader === undefined ? 'signature-input' : 'signature';
    return fail('SIGNATURE_MISSING', `the request has no ${missing} header`);
  }
  const version = headerString(headers, 'upvest-signature-version')?.trim();
  if (version !== SIGNATURE_VERSION) {
    const got = version === undefined ? 'is missing' : `is '${version.slice(0, 20)}'`;
    return fail(
      'SIGNATURE_VERSION_UNSUPPORTED',
      `upvest-signature-version ${got}; expected ${SIGNATURE_VERSION}`,
    );
  }

  const selected = selectSignature(inputHeader, signatureHeader, options.label);
  if ('ok' in selected) return selected;
  const { label, components, params, keyid, created } = selected;

  const hasDigest = headers['content-digest'] !== undefined;
  if (body.length > 0 && !hasDigest)
    return fail('DIGEST_MISSING', 'a request with a body needs content-digest');
  const ctx: ComponentContext = {
    method: options.method,
    path: options.path,
    query: options.query,
    headers,
    hasBody: body.length > 0 || hasDigest,
  };
  const required = [...options.requiredComponents(ctx), ...(ctx.hasBody ? ['content-digest'] : [])];
  const uncovered = required.find((name) => !components.includes(name));
  if (uncovered !== undefined) return fail('COMPONENT_MISSING', `signature does not cover ${uncovered}`);

  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const skew = options.maxSkewSeconds ?? 30;
  const maxAge = options.maxAgeSeconds ?? 300;
  const timeFailure = checkTime(created, params.expires, nowSeconds, skew, maxAge);
  if (timeFailure) return timeFailure;
  if ((options.requireNonce ?? true) && params.nonce === undefined) {
    return fail('NONCE_MISSING', `signature-input ${label} lacks nonce`);
  }

  const bodyFailure = checkBody(headers, body);
  if (bodyFailure) return bodyFailure;

  const message: HttpMessage = {
    method: options.method,
    path: options.path,
    query: options.query,
    headers,
    ...(options.authority === undefined ? {} : { authority: options.authority }),
    ...(options.scheme === undefined ? {} : { scheme: options.scheme }),
  };
  const base = buildSignatureBase(components, selected.signatureParams, message);
  if (!base.ok) {
    if (base.absent)
      return fail('COMPONENT_MISSING', `covered component ${base.component} is not in the request`);
    return fail('SIGNATURE_MALFORMED', base.error);
  }

  const registered = await options.lookupKey(keyid);
  if (registered === undefined) return fail('UNKNOWN_KEY', `unknown keyid '${keyid.slice(0, 100)}'`);
  let publicKey: KeyObject;
  try {
    publicKey = toPublicKey(registered.publicKey);
  } catch {
    return fail('UNKNOWN_KEY', `the key registered for keyid '${keyid.slice(0, 100)}' cannot be loaded`);
  }
  const algorithm = algorithmOfKey(publicKey);
  if (algorithm === undefined)
    return fail('ALGORITHM_MISMATCH', 'the registered key is of an unsupported type');
  if (registered.algorithm !== undefined && registered.algorithm !== algorithm) {
    return fail('ALGORITHM_MISMATCH', `the registered key is ${algorithm}, not ${registered.algorithm}`);
  }
  if (params.alg !== undefined && params.alg !== algorithm) {
    return fail(
      'ALGORITHM_MISMATCH',
      `alg '${params.alg.slice(0, 40)}' does not match the key (${algorithm})`,
    );
  }

  // Same code as a wrong signature, but a message that tells a client why its bytes were refused.
  if (rawSignatureCandidates(algorithm, selected.signature).length === 0) {
    const expected =
      algorithm === 'ed25519'
        ? 'is not 64 bytes long'
        : `is neither canonical DER nor raw r‖s of ${SIGNATURE_LENGTH[algorithm]} bytes`;
    return fail('SIGNATURE_MISMATCH', `the ${algorithm} signature ${expected}`);
  }
  if (!(await verifyBytesAsync(algorithm, publicKey, Buffer.from(base.base), selected.signature))) {
    return fail('SIGNATURE_MISMATCH', 'the signature does not match the request');
  }

  const { nonce, expires } = params;
  if (nonce !== undefined && options.checkNonce !== undefined) {
    const until = Math.min(expires ?? Number.POSITIVE_INFINITY, created + maxAge) + skew;
    if (!(await options.checkNonce(nonce, new Date(until * 1000)))) {
      return fail('NONCE_REPLAYED', 'the nonce was already used');
    }
  }
  return { ok: true, keyId: keyid, label, algorithm, created, expires, nonce, components };
}
