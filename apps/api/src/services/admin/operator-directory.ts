import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { operatorSessions, operators } from '../../db/schema/index.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { hashSecret } from '../../lib/secrets.js';
import type { OperatorRole } from '../actor.js';
import { type AuditActor, recordOperatorAction } from '../audit/operator-audit.js';
import { assertStrongPassword } from './password-policy.js';

type OperatorRow = typeof operators.$inferSelect;

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

export function listOperators(db: Db): OperatorView[] {
  return db.select().from(operators).orderBy(asc(operators.email)).all().map(operatorView);
}

function load(tx: Executor, id: string): OperatorRow {
  const row = tx.select().from(operators).where(eq(operators.id, id)).get();
  if (!row) throw notFound('operator', id);
  return row;
}

export interface NewOperator {
  email: string;
  name: string;
  role: OperatorRole;
  password: string;
}

/**
 * A new operator with a password an admin hands over (or the command line
 * reads). The password is checked against the policy and stored as scrypt.
 */
export async function createOperator(
  db: Db,
  input: NewOperator,
  by: AuditActor,
  at: string,
): Promise<OperatorView> {
  const email = input.email.trim().toLowerCase();
  assertStrongPassword(input.password, email);
  const passwordHash = await hashSecret(input.password);
  return await writeTransaction(db, async (tx) => {
    const taken = tx.select({ id: operators.id }).from(operators).where(eq(operators.email, email)).get();
    if (taken) throw new AppError('CONFLICT', `an operator with the e-mail ${email} already exists`);
    const row = tx
      .insert(operators)
      .values({
        id: randomUUID(),
        email,
        name: input.name.trim(),
        role: input.role,
        passwordHash,
        createdAt: at,
      })
      .returning()
      .get();
    await recordOperatorAction(tx, by, at, {
      action: 'operator.create',
      subjectKind: 'OPERATOR',
      subjectId: row.id,
      detail: { email, role: input.role },
    });
    return operatorView(row);
  });
}

/** The console must never be left without an enabled admin. */
function assertAnotherAdmin(tx: Executor, except: OperatorRow): void {
  if (except.role !== 'admin' || except.disabledAt !== null) return;
  const others = tx
    .select({ n: count() })
    .from(operators)
    .where(and(eq(operators.role, 'admin'), isNull(operators.disabledAt), ne(operators.id, except.id)))
    .get();
  if ((others?.n ?? 0) === 0) {
    throw new AppError('CONFLICT', `${except.email} is the last enabled admin; make another admin first`);
  }
}

function endSessions(tx: Executor, operatorId: string): void {
  tx.delete(operatorSessions).where(eq(operatorSessions.operatorId, operatorId)).run();
}

/** A new role applies to the operator's next request; their sessions stay. */
export async function changeOperatorRole(
  db: Db,
  id: string,
  role: OperatorRole,
  reason: string,
  by: AuditActor,
  at: string,
) {
  return await writeTransaction(db, async (tx) => {
    const row = load(tx, id);
    if (row.role === role) throw new AppError('CONFLICT', `${row.email} already has the role ${role}`);
    if (role !== 'admin') assertAnotherAdmin(tx, row);
    tx.update(operators).set({ role }).where(eq(operators.id, id)).run();
    await recordOperatorAction(tx, by, at, {
      action: 'operator.role',
      subjectKind: 'OPERATOR',
      subjectId: id,
      reason,
      detail: { email: row.email, from: row.role, to: role },
    });
    return operatorView({ ...row, role });
  });
}

/** Disabling ends every session of the operator at once (their next request is 401). */
export async function setOperatorDisabled(
  db: Db,
  id: string,
  disabled: boolean,
  reason: string,
  by: AuditActor,
  at: string,
) {
  return await writeTransaction(db, async (tx) => {
    const row = load(tx, id);
    if ((row.disabledAt !== null) === disabled) {
      throw new AppError('CONFLICT', `${row.email} is already ${disabled ? 'disabled' : 'enabled'}`);
    }
    if (disabled) {
      if (row.id === by.operatorId) throw new AppError('CONFLICT', 'you cannot disable yourself');
      assertAnotherAdmin(tx, row);
      endSessions(tx, id);
    }
    const disabledAt = disabled ? at : null;
    tx.update(operators).set({ disabledAt }).where(eq(operators.id, id)).run();
    await recordOperatorAction(tx, by, at, {
      action: disabled ? 'operator.disable' : 'operator.enable',
      subjectKind: 'OPERATOR',
      subjectId: id,
      reason,
      detail: { email: row.email },
    });
    return operatorView({ ...row, disabledAt });
  });
}

/** A lost authenticator: the second factor is removed and the operator signs in with the password alone. */
export async function resetOperatorTotp(db: Db, id: string, reason: string, by: AuditActor, at: string) {
  return await writeTransaction(db, async (tx) => {
    const row = load(tx, id);
    tx.update(operators)
      .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null })
      .where(eq(operators.id, id))
      .run();
    endSessions(tx, id);
    await recordOperatorAction(tx, by, at, {
      action: 'operator.totp.reset',
      subjectKind: 'OPERATOR',
      subjectId: id,
      reason,
      detail: { email: row.email },
    });
    return operatorView({ ...row, totpSecret: null });
  });
}
