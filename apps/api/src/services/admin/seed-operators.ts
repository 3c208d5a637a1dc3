import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { hashSecret } from '../../lib/secrets.js';
import { findOperatorByEmail, insertOperatorIfAbsent } from '../../repositories/operators.js';
import type { OperatorRole } from './operator-sessions.js';

/** Demo console accounts (documented in docs/admin.md); never seeded with DEMO_DATA=0. */
export const DEMO_OPERATORS = [
  { email: 'ops@example.com', name: 'Olga Operator', role: 'operator', password: 'ops-demo-password' },
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: 'admin-demo-password' },
  { email: 'viewer@example.com', name: 'Victor Viewer', role: 'viewer', password: 'viewer-demo-password' },
] as const satisfies readonly { email: string; name: string; role: OperatorRole; password: string }[];

// scrypt is slow on purpose; hash each demo password once per process.
const hashes = new Map<string, Promise<string>>();
function demoHash(password: string): Promise<string> {
  const cached = hashes.get(password) ?? hashSecret(password);
  hashes.set(password, cached);
  return cached;
}

/** Adds the demo operators that are missing; an existing one (and its password) is left alone. */
export async function seedDemoOperators(db: Db, now: Date): Promise<void> {
  for (const demo of DEMO_OPERATORS) {
    if (await findOperatorByEmail(db, demo.email)) continue;
    const passwordHash = await demoHash(demo.password);
    await insertOperatorIfAbsent(db, {
      id: randomUUID(),
      email: demo.email,
      name: demo.name,
      role: demo.role,
      passwordHash,
      createdAt: now.toISOString(),
    });
  }
}
