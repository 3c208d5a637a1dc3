import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/types.js';
import { newOpaqueToken, sha256Hex, verifySecret } from '../../lib/secrets.js';
import {
  deleteSession,
  deleteSessionsExpiredBy,
  findLiveSession,
  insertSession,
} from '../../repositories/operator-sessions.js';
import { findEnabledOperatorByEmail, findOperator, type OperatorRow } from '../../repositories/operators.js';
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

function profileOf(row: OperatorRow): OperatorProfile {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    totpEnabled: row.totpSecret !== null,
  };
}

/**
 * Step one of a sign-in, on a read: the enabled operator whose e-mail and
 * password (scrypt) match, by id; undefined otherwise. The slow hashing runs
 * before any write.
 */
export async function checkOperatorPassword(
  db: Db,
  email: string,
  password: string,
): Promise<string | undefined> {
  const row = await findEnabledOperatorByEmail(db, email.trim().toLowerCase());
  const valid = await verifySecret(password, row?.passwordHash ?? UNKNOWN_OPERATOR_HASH);
  return row && valid ? row.id : undefined;
}

/** A new session's secrets: the token goes into the cookie, only its SHA-256 is stored. */
export function newSessionSecrets(now: Date) {
  const token = newOpaqueToken('ops');
  return {
    token,
    tokenHash: sessionTokenHash(token),
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  };
}

export interface SessionOpening {
  operatorId: string;
  tokenHash: string;
  csrfToken: string;
  /** ISO time of the sign-in. */
  at: string;
  expiresAt: string;
  totpCode?: string | undefined;
}

/**
 * Step two, a write: opens the session of an operator whose password was
 * checked, if they are still enabled and – with a second factor – the code
 * is current and unused (its step is consumed). Null when refused: nothing
 * is stored, and a right password alone is answered like a wrong one.
 */
export async function openOperatorSession(
  tx: Executor,
  opening: SessionOpening,
): Promise<OperatorProfile | null> {
  const row = await findOperator(tx, opening.operatorId);
  if (!row || row.disabledAt !== null) return null;
  if (row.totpSecret !== null) {
    const accepted =
      opening.totpCode !== undefined &&
      (await acceptLoginCode(
        tx,
        { id: row.id, totpSecret: row.totpSecret, totpLastStep: row.totpLastStep },
        opening.totpCode,
        new Date(opening.at),
      ));
    if (!accepted) return null;
  }
  await deleteSessionsExpiredBy(tx, opening.at);
  await insertSession(tx, {
    tokenHash: opening.tokenHash,
    operatorId: row.id,
    csrfToken: opening.csrfToken,
    createdAt: opening.at,
    expiresAt: opening.expiresAt,
  });
  return profileOf(row);
}

/** The live session of a cookie token, or undefined (unknown, expired, operator disabled). */
export async function findOperatorSession(
  db: Db,
  token: string,
  now: Date,
): Promise<OperatorSession | undefined> {
  const found = await findLiveSession(db, sessionTokenHash(token), now.toISOString());
  if (!found) return undefined;
  return {
    operator: profileOf(found.operator),
    csrfToken: found.session.csrfToken,
    expiresAt: found.session.expiresAt,
  };
}

/** Signs out: the session of this token hash ends. */
export async function closeOperatorSession(tx: Executor, tokenHash: string): Promise<void> {
  await deleteSession(tx, tokenHash);
}

/** What a session is stored under: the SHA-256 of its cookie token. */
export function sessionTokenHash(token: string): string {
  return sha256Hex(token);
}
