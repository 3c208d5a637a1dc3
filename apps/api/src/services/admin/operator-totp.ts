import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { matchTotp, newTotpSecret, otpauthUri } from '../../lib/totp.js';
import { consumeTotpStep, findOperator, updateOperator } from '../../repositories/operators.js';
import { type AuditActor, recordOperatorAction } from '../audit/operator-audit.js';

/** The name authenticator apps show above the code. */
export const TOTP_ISSUER = 'Transfers back office';

async function load(tx: Executor, id: string) {
  const row = await findOperator(tx, id);
  if (!row) throw notFound('operator', id);
  return row;
}

/** Step one: a new secret, kept pending until a code from it is confirmed. */
export async function beginTotpEnrolment(tx: Executor, operatorId: string) {
  const row = await load(tx, operatorId);
  if (row.totpSecret !== null) {
    throw new AppError('CONFLICT', 'a second factor is already set up; turn it off first to enrol a new one');
  }
  const secret = newTotpSecret();
  await updateOperator(tx, operatorId, { totpPendingSecret: secret });
  return { secret, otpauth_uri: otpauthUri(TOTP_ISSUER, row.email, secret) };
}

function wrongCode(): AppError {
  return new AppError('VALIDATION_FAILED', 'the code is wrong, expired or already used', {
    invalidParams: [{ name: 'code', reason: 'wrong, expired or already used' }],
  });
}

/** Step two: a code from the app proves it holds the secret; from now on sign-in asks for a code. */
export async function confirmTotpEnrolment(
  tx: Executor,
  operatorId: string,
  code: string,
  now: Date,
  by: AuditActor,
): Promise<void> {
  const row = await load(tx, operatorId);
  if (row.totpPendingSecret === null) throw new AppError('CONFLICT', 'start the enrolment first');
  const step = matchTotp(row.totpPendingSecret, code, now.getTime(), null);
  if (step === undefined) throw wrongCode();
  await updateOperator(tx, operatorId, {
    totpSecret: row.totpPendingSecret,
    totpPendingSecret: null,
    totpLastStep: step,
  });
  await recordOperatorAction(tx, by, now.toISOString(), {
    action: 'operator.totp.enable',
    subjectKind: 'OPERATOR',
    subjectId: operatorId,
  });
}

/** The operator turns the second factor off, proving it with a current code. */
export async function disableOwnTotp(
  tx: Executor,
  operatorId: string,
  code: string,
  now: Date,
  by: AuditActor,
): Promise<void> {
  const row = await load(tx, operatorId);
  if (row.totpSecret === null) throw new AppError('CONFLICT', 'no second factor is set up');
  const step = matchTotp(row.totpSecret, code, now.getTime(), row.totpLastStep);
  if (step === undefined || !(await consumeTotpStep(tx, operatorId, step))) throw wrongCode();
  await updateOperator(tx, operatorId, { totpSecret: null, totpPendingSecret: null });
  await recordOperatorAction(tx, by, now.toISOString(), {
    action: 'operator.totp.disable',
    subjectKind: 'OPERATOR',
    subjectId: operatorId,
  });
}

/** At sign-in: true when the code is current and was never used; the step is consumed. */
export async function acceptLoginCode(
  tx: Executor,
  operator: { id: string; totpSecret: string; totpLastStep: number | null },
  code: string,
  now: Date,
): Promise<boolean> {
  const step = matchTotp(operator.totpSecret, code, now.getTime(), operator.totpLastStep);
  return step !== undefined && (await consumeTotpStep(tx, operator.id, step));
}
