import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The internal services that may call the api over tRPC, and the procedures
 * each may reach (a trailing `.` grants a whole router). The grants live in
 * code, reviewed with the procedures they open; only the secrets are
 * configuration.
 */
export const SERVICE_GRANTS = {
  /** The settlement worker: claims, settlement commands, statements, expiries. */
  reconciler: ['internal.'],
  /** Read-only probes (dashboards, alerting): queue status, deadlines, breaks. */
  monitor: ['internal.status', 'internal.deadlines', 'internal.listBreaks'],
} as const satisfies Record<string, readonly string[]>;

export type ServiceName = keyof typeof SERVICE_GRANTS;

export interface ServiceCredential {
  service: ServiceName;
  /** The secret the service sends in `x-internal-token`. */
  token: string;
  /** End of a rotation's overlap: the credential is refused from this instant on. */
  notAfter?: Date;
}

const TOKEN = /^[A-Za-z0-9_-]{24,256}$/;

function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_GRANTS, name);
}

/**
 * Reads `SERVICE_CREDENTIALS`: entries `service=token` or
 * `service=token@notAfter` (an ISO 8601 instant), separated by commas or
 * white space. A service may hold several tokens at once – that is how a
 * credential is rotated without downtime. Throws naming the bad entry.
 */
export function parseServiceCredentials(text: string | undefined): ServiceCredential[] {
  const entries = (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  return entries.map((entry, index) => {
    const where = `SERVICE_CREDENTIALS entry ${index + 1}`;
    const match = /^([a-z][a-z0-9-]*)=([^@]+)(?:@(.+))?$/.exec(entry);
    if (!match) throw new Error(`${where} must be service=token or service=token@notAfter`);
    const [, service = '', token = '', until] = match;
    if (!isServiceName(service)) {
      throw new Error(
        `${where} names unknown service '${service}' (known: ${Object.keys(SERVICE_GRANTS).join(', ')})`,
      );
    }
    if (!TOKEN.test(token))
      throw new Error(`${where}: the token must be 24 to 256 characters of A-Z a-z 0-9 _ -`);
    if (until === undefined) return { service, token };
    const notAfter = new Date(until);
    if (Number.isNaN(notAfter.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(until)) {
      throw new Error(`${where}: notAfter '${until}' is not an ISO 8601 instant`);
    }
    return { service, token, notAfter };
  });
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The service a token belongs to, or undefined. Every configured credential
 * is compared, in constant time, so the answer's timing says nothing about
 * which one nearly matched.
 */
export function authenticateService(
  credentials: readonly ServiceCredential[],
  token: string,
  now: Date,
): ServiceName | undefined {
  const presented = digest(token);
  let found: ServiceName | undefined;
  for (const credential of credentials) {
    const matches = timingSafeEqual(presented, digest(credential.token));
    const current = credential.notAfter === undefined || now < credential.notAfter;
    if (matches && current) found = credential.service;
  }
  return found;
}

/** Whether a service's grants reach the procedure at `path` (e.g. `internal.claimWork`). */
export function serviceMayCall(service: ServiceName, path: string): boolean {
  const grants: readonly string[] = SERVICE_GRANTS[service];
  return grants.some((grant) => (grant.endsWith('.') ? path.startsWith(grant) : path === grant));
}
