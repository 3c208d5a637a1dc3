import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { operators } from '../../db/schema/index.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { matchTotp, newTotpSecret, otpauthUri } from '../../lib/totp.js';
import { type AuditActor, recordOperatorAction } from '../audit/operator-audit.js';

/** The name authenticator apps show above the code. */
export const TOTP_ISSUER = 'Transfers back office';

function load(tx: Executor, id: string) {
  const row = tx.select().from(operators).where(eq(operators.id, id)).get();
  if (!row) throw notFound('operator', id);
  return row;
}

/**
 * Takes a code's step as used, if no code of that step or a later one was
 * used before: one conditional update, so two requests racing with the same
 * code cannot both win.
 */
function consumeStep(tx: Executor, operatorId: string, step: number): boolean {
  const result = tx
    .update(operators)
    .set({ totpLastStep: step })
    .where(
      and(eq(operators.id, operatorId), or(isNull(operators.totpLastStep), lt(operators.totpLastStep, step))),
    )
    .run();
  return result.changes === 1;
}

/** Step one: a new secret, kept pending until a code from it is confirmed. */
export function beginTotpEnrolment(db: Db, operatorId: string) {
  const row = load(db, operatorId);
  if (row.totpSecret !== null) {
    throw new AppError('CONFLICT', 'a second factor is already set up; turn it off first to enrol a new one');
  }
  const secret = newTotpSecret();
  db.update(operators).set({ totpPendingSecret: secret }).where(eq(operators.id, operatorId)).run();
  return { secret, otpauth_uri: otpauthUri(TOTP_ISSUER, row.email, secret) };
}

function wrongCode(): AppError {
  return new AppError('VALIDATION_FAILED', 'the code is wrong, expired or already used', {
    invalidParams: [{ name: 'code', reason: 'wrong, expired or already used' }],
  });
}

/** Step two: a code from the app proves it holds the secret; from now on sign-in asks for a code. */
export async function confirmTotpEnrolment(
  db: Db,
  operatorId: string,
  code: string,
  now: Date,
  by: AuditActor,
) {
  await writeTransaction(db, async (tx) => {
    const row = load(tx, operatorId);
    if (row.totpPendingSecret === null) throw new AppError('CONFLICT', 'start the enrolment first');
    const step = matchTotp(row.totpPendingSecret, code, now.getTime(), null);
    if (step === undefined) throw wrongCode();
    tx.update(operators)
      .set({ totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpLastStep: step })
      .where(eq(operators.id, operatorId))
      .run();
    await recordOperatorAction(tx, by, now.toISOString(), {
      action: 'operator.totp.enable',
      subjectKind: 'OPERATOR',
      subjectId: operatorId,
    });
  });
}

/** The operator turns the second factor off, proving it with a current code. */
export async function disableOwnTotp(db: Db, operatorId: string, code: string, now: Date, by: AuditActor) {
  await writeTransaction(db, async (tx) => {
    const row = load(tx, operatorId);
    if (row.totpSecret === null) throw new AppError('CONFLICT', 'no second factor is set up');
    const step = matchTotp(row.totpSecret, code, now.getTime(), row.totpLastStep);
    if (step === undefined || !consumeStep(tx, operatorId, step)) throw wrongCode();
    tx.update(operators)
      .set({ totpSecret: null, totpPendingSecret: null })
      .where(eq(operators.id, operatorId))
      .run();
    await recordOperatorAction(tx, by, now.toISOString(), {
      action: 'operator.totp.disable',
      subjectKind: 'OPERATOR',
      subjectId: operatorId,
    });
  });
}

/** At sign-in: true when the code is current and was never used; the step is consumed. */
export function acceptLoginCode(
  db: Db,
  operator: { id: string; totpSecret: string; totpLastStep: number | null },
  code: string,
  now: Date,
): boolean {
  const step = matchTotp(operator.totpSecret, code, now.getTime(), operator.totpLastStep);
  return step !== undefined && consumeStep(db, operator.id, step);
}
