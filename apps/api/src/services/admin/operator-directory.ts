import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { hashSecret } from '../../lib/secrets.js';
import { deleteSessionsOf } from '../../repositories/operator-sessions.js';
import {
  countOtherEnabledAdmins,
  findOperator,
  findOperatorByEmail,
  insertOperator,
  listOperatorRows,
  type OperatorRow,
  updateOperator,
} from '../../repositories/operators.js';
import type { OperatorRole } from '../actor.js';
import { type AuditActor, recordOperatorAction } from '../audit/operator-audit.js';
import { assertStrongPassword } from './password-policy.js';

function operatorView(row: OperatorRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    created_at: row.createdAt,
    disabled_at: row.disabledAt,
    totp_enabled: row.totpSecret !== null,
  };
}

export type OperatorView = ReturnType<typeof operatorView>;

export async function listOperators(db: Db): Promise<OperatorView[]> {
  return (await listOperatorRows(db)).map(operatorView);
}

async function load(tx: Executor, id: string): Promise<OperatorRow> {
  const row = await findOperator(tx, id);
  if (!row) throw notFound('operator', id);
  return row;
}

export interface NewOperator {
  email: string;
  name: string;
  role: OperatorRole;
  password: string;
}

/** A new operator as stored: the password checked against the policy and hashed (scrypt). */
export interface PreparedOperator {
  email: string;
  name: string;
  role: OperatorRole;
  passwordHash: string;
}

/**
 * Checks and hashes the password an admin hands over (or the command line
 * reads) before the write: the slow scrypt never runs inside a transaction.
 */
export async function prepareOperator(input: NewOperator): Promise<PreparedOperator> {
  const email = input.email.trim().toLowerCase();
  assertStrongPassword(input.password, email);
  return {
    email,
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashSecret(input.password),
  };
}

/** Stores a prepared operator; the e-mail must be free. */
export async function createOperator(
  tx: Executor,
  input: PreparedOperator,
  by: AuditActor,
  at: string,
): Promise<OperatorView> {
  const { email } = input;
  if (await findOperatorByEmail(tx, email)) {
    throw new AppError('CONFLICT', `an operator with the e-mail ${email} already exists`);
  }
  const row = await insertOperator(tx, {
    id: randomUUID(),
    email,
    name: input.name,
    role: input.role,
    passwordHash: input.passwordHash,
    createdAt: at,
  });
  await recordOperatorAction(tx, by, at, {
    action: 'operator.create',
    subjectKind: 'OPERATOR',
    subjectId: row.id,
    detail: { email, role: input.role },
  });
  return operatorView(row);
}

/** The console must never be left without an enabled admin. */
async function assertAnotherAdmin(tx: Executor, except: OperatorRow): Promise<void> {
  if (except.role !== 'admin' || except.disabledAt !== null) return;
  if ((await countOtherEnabledAdmins(tx, except.id)) === 0) {
    throw new AppError('CONFLICT', `${except.email} is the last enabled admin; make another admin first`);
  }
}

/** A new role applies to the operator's next request; their sessions stay. */
export async function changeOperatorRole(
  tx: Executor,
  id: string,
  role: OperatorRole,
  reason: string,
  by: AuditActor,
  at: string,
): Promise<OperatorView> {
  const row = await load(tx, id);
  if (row.role === role) throw new AppError('CONFLICT', `${row.email} already has the role ${role}`);
  if (role !== 'admin') await assertAnotherAdmin(tx, row);
  await updateOperator(tx, id, { role });
  await recordOperatorAction(tx, by, at, {
    action: 'operator.role',
    subjectKind: 'OPERATOR',
    subjectId: id,
    reason,
    detail: { email: row.email, from: row.role, to: role },
  });
  return operatorView({ ...row, role });
}

/** Disabling ends every session of the operator at once (their next request is 401). */
export async function setOperatorDisabled(
  tx: Executor,
  id: string,
  disabled: boolean,
  reason: string,
  by: AuditActor,
  at: string,
): Promise<OperatorView> {
  const row = await load(tx, id);
  if ((row.disabledAt !== null) === disabled) {
    throw new AppError('CONFLICT', `${row.email} is already ${disabled ? 'disabled' : 'enabled'}`);
  }
  if (disabled) {
    if (row.id === by.operatorId) throw new AppError('CONFLICT', 'you cannot disable yourself');
    await assertAnotherAdmin(tx, row);
    await deleteSessionsOf(tx, id);
  }
  const disabledAt = disabled ? at : null;
  await updateOperator(tx, id, { disabledAt });
  await recordOperatorAction(tx, by, at, {
    action: disabled ? 'operator.disable' : 'operator.enable',
    subjectKind: 'OPERATOR',
    subjectId: id,
    reason,
    detail: { email: row.email },
  });
  return operatorView({ ...row, disabledAt });
}

/** A lost authenticator: the second factor is removed and the operator signs in with the password alone. */
export async function resetOperatorTotp(
  tx: Executor,
  id: string,
  reason: string,
  by: AuditActor,
  at: string,
): Promise<OperatorView> {
  const row = await load(tx, id);
  await updateOperator(tx, id, { totpSecret: null, totpPendingSecret: null, totpLastStep: null });
  await deleteSessionsOf(tx, id);
  await recordOperatorAction(tx, by, at, {
    action: 'operator.totp.reset',
    subjectKind: 'OPERATOR',
    subjectId: id,
    reason,
    detail: { email: row.email },
  });
  return operatorView({ ...row, totpSecret: null });
}
