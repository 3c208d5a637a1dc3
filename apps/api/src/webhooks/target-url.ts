import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { invalidField } from '../domain/errors.js';
import { classifyAddress, isAllowedAddress } from './ip-address.js';

export const MAX_URL_LENGTH = 2048;

/** Every address a host name resolves to (IPv4 and IPv6). */
export type ResolveAll = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolveAll: ResolveAll = (hostname) =>
  dnsLookupAsync(hostname, { all: true, verbatim: true });

/** The host of a URL without the brackets of an IPv6 literal. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function clipHost(host: string): string {
  return host.length <= 253 ? host : `${host.slice(0, 252)}…`;
}

function describe(address: string): string {
  return `${address} (${classifyAddress(address) ?? 'unknown'})`;
}

/**
 * Checks a subscription's target URL: absolute http(s), no credentials or
 * fragment, and – in live mode – a host whose every address is public.
 * Throws a VALIDATION_FAILED AppError naming `field`.
 */
export async function validateTargetUrl(
  raw: string,
  options: { live: boolean; resolveAll?: ResolveAll; field?: string },
): Promise<string> {
  const field = options.field ?? 'url';
  if (raw.length > MAX_URL_LENGTH) throw invalidField(field, `must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidField(field, 'must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidField(field, 'must use the http or https scheme');
  }
  if (url.username !== '' || url.password !== '') throw invalidField(field, 'must not contain credentials');
  if (url.hash !== '') throw invalidField(field, 'must not contain a fragment');
  const host = bareHost(url);
  const mode = options.live
    ? 'live mode delivers to public addresses only'
    : 'the sandbox delivers to public and loopback addresses only';
  // One answer for every refusal, whatever the name resolves to (or whether it
  // resolves at all): the check must not become a probe of internal DNS.
  const refusal = () => invalidField(field, `host ${clipHost(host)} is not allowed: ${mode}`);
  if (classifyAddress(host) !== undefined) {
    if (!isAllowedAddress(host, options.live)) throw refusal();
    return url.toString();
  }
  let addresses: readonly LookupAddress[];
  try {
    addresses = await (options.resolveAll ?? systemResolveAll)(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    // The sandbox accepts hosts it cannot resolve yet; delivery checks them again.
    if (options.live) throw refusal();
    return url.toString();
  }
  if (addresses.some((a) => !isAllowedAddress(a.address, options.live))) throw refusal();
  return url.toString();
}

/** Why a connection to `host` must not be made, or undefined when it may. For IP literals. */
export function refusedLiteral(host: string, live: boolean): string | undefined {
  if (classifyAddress(host) === undefined || isAllowedAddress(host, live)) return undefined;
  return `refused address ${describe(host)}`;
}

/**
 * A `lookup` for node:http that refuses a host if any of its addresses is not
 * allowed, checked at connection time, so DNS rebinding after the
 * subscription check cannot reach an internal address.
 */
export function guardedLookup(live: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find((a) => !isAllowedAddress(a.address, live));
      if (refused !== undefined || addresses.length === 0) {
        // Recorded where the tenant reads it: says "not allowed", never what the name resolves to.
        const failure: NodeJS.ErrnoException = new Error(`refused address: ${hostname} is not allowed`);
        failure.code = 'EREFUSEDADDRESS';
        return callback(failure, '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}
