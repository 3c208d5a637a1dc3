import { type SignRequestOptions, signRequest } from './sign-request.js';

export interface SignAndSendOptions extends Omit<SignRequestOptions, 'headers' | 'body'> {
  headers?: Readonly<Record<string, string | undefined>>;
  body?: Uint8Array | string;
  /** Defaults to the global fetch (Node 20: undici, keep-alive). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Signs a request and sends it with fetch. The body goes out as the exact bytes that were
 * digested (a Uint8Array, so fetch adds no content-type of its own).
 */
export async function signAndSend(options: SignAndSendOptions): Promise<Response> {
  const { fetch: fetchImpl = fetch, signal, ...rest } = options;
  const body = typeof rest.body === 'string' ? Buffer.from(rest.body) : rest.body;
  const added = signRequest({ ...rest, ...(body === undefined ? {} : { body }) });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return fetchImpl(options.url, {
    method: options.method.toUpperCase(),
    headers: { ...headers, ...added },
    // A fresh ArrayBuffer-backed copy satisfies both Node's and the DOM's BodyInit.
    ...(body === undefined ? {} : { body: Uint8Array.from(body) }),
    ...(signal === undefined ? {} : { signal }),
  });
}
