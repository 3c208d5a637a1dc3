import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared-query.js';
import { operatorSessions, operators } from '../../db/schema/index.js';
import type { Executor } from '../../db/types.js';
import { newOpaqueToken, sha256Hex, verifySecret } from '../../lib/secrets.js';
import type { OperatorRole } from '../actor.js';
import { acceptLoginCode } from './operator-totp.js';

export type { OperatorRole } from '../actor.js';

export interface OperatorProfile {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  totpEnabled: boolean;
}

export interface OperatorSession {
  operator: OperatorProfile;
  /** Sent back by the console in `x-csrf-token` on every write. */
  csrfToken: string;
  expiresAt: string;
}

/** A console session lasts one working day; logging in again starts a new one. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

// A fixed hash to verify against when the e-mail is unknown, so both cases cost one scrypt.
const UNKNOWN_OPERATOR_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function profileOf(row: typeof operators.$inferSelect): OperatorProfile {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    totpEnabled: row.totpSecret !== null,
  };
}

/**
 * Checks e-mail and password (scrypt) and opens a session. Only the SHA-256
 * of the session token is stored; the token itself goes into the cookie.
 */
export async function loginOperator(
  db: Db,
  email: string,
  password: string,
  now: Date,
  totpCode?: string,
): Promise<{ token: string; session: OperatorSession } | undefined> {
  const row = db
    .select()
    .from(operators)
    .where(and(eq(operators.email, email.trim().toLowerCase()), isNull(operators.disabledAt)))
    .get();
  const valid = await verifySecret(password, row?.passwordHash ?? UNKNOWN_OPERATOR_HASH);
  if (!row || !valid) return undefined;
  // With a second factor, a right password alone is answered like a wrong one.
  if (row.totpSecret !== null) {
    const accepted =
      totpCode !== undefined &&
      acceptLoginCode(
        db,
        { id: row.id, totpSecret: row.totpSecret, totpLastStep: row.totpLastStep },
        totpCode,
        now,
      );
    if (!accepted) return undefined;
  }
  const token = newOpaqueToken('ops');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  db.delete(operatorSessions).where(lt(operatorSessions.expiresAt, now.toISOString())).run();
  db.insert(operatorSessions)
    .values({
      tokenHash: sha256Hex(token),
      operatorId: row.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt,
    })
    .run();
  return { token, session: { operator: profileOf(row), csrfToken, expiresAt } };
}

// Every console request looks its session up.
const sessionLookup = (db: Executor) =>
  preparedQuery(db, 'console.sessionLookup', (d) =>
    d
      .select({ session: operatorSessions, operator: operators })
      .from(operatorSessions)
      .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
      .where(
        and(
          eq(operatorSessions.tokenHash, sql.placeholder('tokenHash')),
          gt(operatorSessions.expiresAt, sql.placeholder('now')),
          isNull(operators.disabledAt),
        ),
      )
      .prepare(),
  );

/** The live session of a cookie token, or undefined (unknown, expired, operator disabled). */
export async function findOperatorSession(
  db: Db,
  token: string,
  now: Date,
): Promise<OperatorSession | undefined> {
  const found = sessionLookup(db).get({ tokenHash: sha256Hex(token), now: now.toISOString() });
  if (!found) return undefined;
  return {
    operator: profileOf(found.operator),
    csrfToken: found.session.csrfToken,
    expiresAt: found.session.expiresAt,
  };
}

export function logoutOperator(db: Db, token: string): void {
  db.delete(operatorSessions)
    .where(eq(operatorSessions.tokenHash, sha256Hex(token)))
    .run();
}
