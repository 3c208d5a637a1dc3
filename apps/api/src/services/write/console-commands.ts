import {
  deleteAccountFailures,
  deleteFailuresBefore,
  insertLoginFailure,
} from '../../repositories/login-failures.js';
import type { OperatorRole } from '../actor.js';
import { type ApprovalRequest, approveRequest, rejectRequest, requestApproval } from '../admin/approvals.js';
import { type BulkItem, bulkCancel, bulkRedeliver } from '../admin/bulk-actions.js';
import {
  acknowledgeCase,
  type CaseKind,
  commentOnCase,
  linkTransferToCase,
  resolveBreak,
} from '../admin/case-work.js';
import { resolveCustodianException } from '../admin/custodian-exceptions.js';
import {
  changeOperatorRole,
  createOperator,
  type PreparedOperator,
  resetOperatorTotp,
  setOperatorDisabled,
} from '../admin/operator-directory.js';
import {
  closeOperatorSession,
  openOperatorSession,
  type SessionOpening,
} from '../admin/operator-sessions.js';
import { beginTotpEnrolment, confirmTotpEnrolment, disableOwnTotp } from '../admin/operator-totp.js';
import {
  cancelAsOperator,
  type OperatorWrite,
  rejectAsOperator,
  settleAsOperator,
} from '../admin/transfer-actions.js';
import type { AdminTransferKind } from '../admin/transfer-filters.js';
import { redeliverTransferAsOperator } from '../admin/transfer-redelivery.js';
import { redeliverAsOperator } from '../admin/webhook-deliveries.js';
import { type AuditAction, type AuditActor, type AuditEntry, audited } from '../audit/operator-audit.js';
import { retryParked } from '../settlement/work-failures.js';
import { defineCommands } from './command-table.js';

/** Who acts (as the audit log names them) and when. */
interface Acting {
  by: AuditActor;
  at: string;
}

/** A signed-in operator: approvals and their own second factor need one. */
interface ActingOperator {
  by: AuditActor & { operatorId: string };
  at: string;
}

/** A repair on a transfer: who, when, why, and the version the operator saw. */
interface Repair {
  by: AuditActor;
  write: OperatorWrite;
}

const CASE_SUBJECT = { EXCEPTION: 'exception', BREAK: 'break' } as const;

function transferEntry(action: AuditAction, id: string, reason: string): AuditEntry {
  return { action, subjectKind: 'TRANSFER', subjectId: id, reason };
}

function caseEntry(
  kind: CaseKind,
  verb: 'acknowledge' | 'resolve' | 'comment' | 'link',
  id: string,
  rest: Pick<AuditEntry, 'reason' | 'detail'> = {},
): AuditEntry {
  return { action: `${CASE_SUBJECT[kind]}.${verb}`, subjectKind: kind, subjectId: id, ...rest };
}

const OK = { ok: true as const };

/** Failures out of every window that recording one failure deletes at most (admin/login-throttle.ts). */
const LOGIN_FAILURE_PURGE_ROWS = 100;

/**
 * Every write of the operations console: operators' repairs and case work,
 * four-eyes approvals, operator management, sign-in and second factor. Each
 * runs on the write transaction the port gives it, with its operator audit
 * row where the console audits the action.
 */
export const consoleCommands = defineCommands({
  'console.transfer.cancel': async (db, c: Repair & { kind: AdminTransferKind; id: string }) => {
    await audited(db, c.by, c.write.at, transferEntry('transfer.cancel', c.id, c.write.reason), (tx) =>
      cancelAsOperator(tx, c.kind, c.id, c.write),
    );
    return OK;
  },
  'console.transfer.reject': async (db, c: Repair & { id: string }) => {
    await audited(db, c.by, c.write.at, transferEntry('transfer.reject', c.id, c.write.reason), (tx) =>
      rejectAsOperator(tx, c.id, c.write),
    );
    return OK;
  },
  'console.transfer.settle': async (db, c: Repair & { id: string; quantity: string; date: string }) => {
    const entry = {
      ...transferEntry('transfer.settle', c.id, c.write.reason),
      detail: { quantity: c.quantity, date: c.date },
    };
    await audited(db, c.by, c.write.at, entry, (tx) =>
      settleAsOperator(tx, c.id, { quantity: c.quantity, date: c.date }, c.write),
    );
    return OK;
  },
  'console.transfer.retry': async (db, c: Repair & { id: string }) => {
    const { actor, at, reason } = c.write;
    await audited(db, c.by, at, transferEntry('transfer.retry', c.id, reason), (tx) =>
      retryParked(tx, c.id, { actor, at, reason }),
    );
    return OK;
  },
  'console.transfer.bulkCancel': async (db, c: Repair & { kind: AdminTransferKind; items: BulkItem[] }) => ({
    results: await bulkCancel(db, c.by, c.kind, c.items, c.write),
  }),
  'console.transfer.bulkRedeliver': async (
    db,
    c: Repair & { kind: AdminTransferKind; items: BulkItem[] },
  ) => ({ results: await bulkRedeliver(db, c.by, c.kind, c.items, c.write) }),
  'console.transfer.redeliver': async (
    db,
    c: Repair & { kind: 'SECURITIES' | 'ACCOUNT'; id: string; subscriptionId?: string | undefined },
  ) =>
    await audited(db, c.by, c.write.at, transferEntry('transfer.redeliver', c.id, c.write.reason), (tx) =>
      redeliverTransferAsOperator(tx, { kind: c.kind, id: c.id, subscriptionId: c.subscriptionId }, c.write),
    ),
  'console.delivery.redeliver': async (db, c: Repair & { subscriptionId: string; eventSeq: number }) => {
    const entry: AuditEntry = {
      action: 'delivery.redeliver',
      subjectKind: 'DELIVERY',
      subjectId: `${c.subscriptionId}/${c.eventSeq}`,
      reason: c.write.reason,
    };
    await audited(db, c.by, c.write.at, entry, (tx) =>
      redeliverAsOperator(tx, { subscriptionId: c.subscriptionId, eventSeq: c.eventSeq }, c.write),
    );
    return OK;
  },
  'console.approval.request': async (
    db,
    c: ActingOperator & {
      request: ApprovalRequest;
      write: { reason: string; expectedUpdatedAt?: string | undefined };
    },
  ) => await requestApproval(db, c.request, c.write, c.by, c.at),
  'console.approval.approve': async (db, c: ActingOperator & { id: string }) =>
    await approveRequest(db, c.id, c.by, c.at),
  'console.approval.reject': async (db, c: ActingOperator & { id: string; reason: string }) =>
    await rejectRequest(db, c.id, c.reason, c.by, c.at),
  'console.case.acknowledge': async (db, c: Acting & { kind: CaseKind; id: string }) => {
    await audited(db, c.by, c.at, caseEntry(c.kind, 'acknowledge', c.id), (tx) =>
      acknowledgeCase(tx, c.kind, c.id, c.by.label, c.at),
    );
    return OK;
  },
  /** An exception (from its queue or its case page) or a break, closed with the reason. */
  'console.case.resolve': async (db, c: Repair & { kind: CaseKind; id: string }) => {
    const { write } = c;
    await audited(db, c.by, write.at, caseEntry(c.kind, 'resolve', c.id, { reason: write.reason }), (tx) =>
      c.kind === 'EXCEPTION'
        ? resolveCustodianException(tx, c.id, write)
        : resolveBreak(tx, c.id, write.actor, write.at, write.reason),
    );
    return OK;
  },
  'console.case.comment': async (db, c: Acting & { kind: CaseKind; id: string; body: string }) => ({
    ok: true as const,
    id: await audited(db, c.by, c.at, caseEntry(c.kind, 'comment', c.id, { reason: c.body }), (tx) =>
      commentOnCase(tx, c.kind, c.id, c.body, c.by.label, c.at),
    ),
  }),
  'console.case.link': async (db, c: Acting & { kind: CaseKind; id: string; transferId: string }) => ({
    ok: true as const,
    transfer_kind: await audited(
      db,
      c.by,
      c.at,
      caseEntry(c.kind, 'link', c.id, { detail: { transfer_id: c.transferId } }),
      (tx) => linkTransferToCase(tx, c.kind, c.id, c.transferId, c.by.label, c.at),
    ),
  }),
  'console.operator.create': async (db, c: Acting & { operator: PreparedOperator }) =>
    await createOperator(db, c.operator, c.by, c.at),
  'console.operator.setRole': async (db, c: Acting & { id: string; role: OperatorRole; reason: string }) =>
    await changeOperatorRole(db, c.id, c.role, c.reason, c.by, c.at),
  'console.operator.setDisabled': async (db, c: Acting & { id: string; disabled: boolean; reason: string }) =>
    await setOperatorDisabled(db, c.id, c.disabled, c.reason, c.by, c.at),
  'console.operator.resetTotp': async (db, c: Acting & { id: string; reason: string }) =>
    await resetOperatorTotp(db, c.id, c.reason, c.by, c.at),
  'console.totp.begin': async (db, c: { operatorId: string }) => await beginTotpEnrolment(db, c.operatorId),
  'console.totp.confirm': async (db, c: ActingOperator & { code: string }) => {
    await confirmTotpEnrolment(db, c.by.operatorId, c.code, new Date(c.at), c.by);
    return OK;
  },
  'console.totp.disable': async (db, c: ActingOperator & { code: string }) => {
    await disableOwnTotp(db, c.by.operatorId, c.code, new Date(c.at), c.by);
    return OK;
  },
  'console.session.open': async (db, c: SessionOpening) => await openOperatorSession(db, c),
  'console.session.close': async (db, c: { tokenHash: string }) => {
    await closeOperatorSession(db, c.tokenHash);
    return OK;
  },
  /** A failed sign-in, counted against its e-mail and its address; failures at or before `expiredBy` go. */
  'console.loginFailures.record': async (
    db,
    c: { account: string; address: string; at: string; expiredBy: string },
  ) => {
    await insertLoginFailure(db, { scope: 'account', key: c.account, failedAt: c.at });
    await insertLoginFailure(db, { scope: 'address', key: c.address, failedAt: c.at });
    await deleteFailuresBefore(db, c.expiredBy, LOGIN_FAILURE_PURGE_ROWS);
    return OK;
  },
  /** A successful sign-in forgets the account's failures. */
  'console.loginFailures.clear': async (db, c: { account: string }) => {
    await deleteAccountFailures(db, c.account);
    return OK;
  },
});
