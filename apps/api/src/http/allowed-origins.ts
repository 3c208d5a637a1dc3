import type { IncomingMessage } from 'node:http';

/**
 * Which hosts the api answers for, and which browser origins the console
 * trusts. Checking `Host` stops DNS rebinding (a foreign page whose name now
 * points here still says its own name in `Host`); checking `Origin` against
 * this configuration – never against `Host`, which the browser fills in –
 * stops a foreign page from logging in or writing.
 */
export interface OriginPolicy {
  /** PUBLIC_ORIGIN: the origins the api and console are served under (`https://ops.example.com`). */
  publicOrigins: readonly string[];
  /** ALLOWED_HOSTS: further `Host` values (`name` for any port, or `name:port`), e.g. an internal name. */
  allowedHosts: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Unconfigured, the api answers loopback names only (it listens on 127.0.0.1 by default). */
export const LOOPBACK_ONLY: OriginPolicy = { publicOrigins: [], allowedHosts: [] };

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** PUBLIC_ORIGIN (comma-separated origins); a malformed entry is refused naming it. */
export function parsePublicOrigins(text: string | undefined): string[] {
  return list(text).map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`PUBLIC_ORIGIN must list origins such as https://ops.example.com, not ${entry}`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== entry.replace(/\/$/, '')) {
      throw new Error(`PUBLIC_ORIGIN must list origins (scheme://host[:port]) only, not ${entry}`);
    }
    return url.origin;
  });
}

/** ALLOWED_HOSTS (comma-separated `name` or `name:port`); a malformed entry is refused naming it. */
export function parseAllowedHosts(text: string | undefined): string[] {
  return list(text).map((host) => {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(host)) {
      throw new Error(`ALLOWED_HOSTS must list host names (optionally :port), not ${host}`);
    }
    return host.toLowerCase();
  });
}

function splitHost(host: string): { name: string; port: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host);
  return { name: (match?.[1] ?? host).toLowerCase(), port: match?.[2] ?? '' };
}

function matches(entry: string, host: string): boolean {
  const want = splitHost(entry);
  const got = splitHost(host);
  return want.name === got.name && (want.port === '' || want.port === got.port);
}

/** Whether a request's `Host` header names this api. */
export function hostAllowed(policy: OriginPolicy, host: string | undefined): boolean {
  if (host === undefined || host === '') return false;
  if (policy.publicOrigins.some((origin) => new URL(origin).host === host.toLowerCase())) return true;
  if (policy.allowedHosts.some((entry) => matches(entry, host))) return true;
  // Loopback names are always this machine; a rebinding page cannot claim them.
  return LOOPBACK_NAMES.some((name) => matches(name, host));
}

/**
 * A browser's `Origin`, when it sent one, must be a configured public origin;
 * unconfigured, a loopback origin naming the very host the request was sent
 * to (the api itself, or the console's development server proxying to it).
 */
export function originAllowed(policy: OriginPolicy, req: IncomingMessage): boolean {
  const header = req.headers.origin;
  if (header === undefined) return true;
  let url: URL;
  try {
    url = new URL(header);
  } catch {
    return false;
  }
  if (policy.publicOrigins.length > 0) return policy.publicOrigins.includes(url.origin);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    LOOPBACK_NAMES.includes(url.hostname) &&
    url.host === req.headers.host?.toLowerCase()
  );
}
