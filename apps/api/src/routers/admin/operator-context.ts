import type { Context } from '../../context.js';
import { type AuditActor, auditActorOf } from '../../services/audit/operator-audit.js';

/** The signed-in operator as the audit log names them (operator procedures only). */
export function signedInOperator(ctx: Context): AuditActor & { operatorId: string } {
  const actor = auditActorOf(ctx);
  if (actor.operatorId === null) throw new Error('an operator procedure ran without an operator');
  return { ...actor, operatorId: actor.operatorId };
}
