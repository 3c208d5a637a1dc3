import { subtractDecimal } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import { notFound } from '../../domain/errors.js';
import {
  findAccount,
  findAccountTransfer,
  findInstrument,
  findSecuritiesTransfer,
  findTenant,
} from '../../repositories/console-transfer-detail.js';
import { findAccountTransferById } from '../../repositories/transfers.js';
import { childrenOf } from '../transitions.js';
import { listCustodianExceptions } from './custodian-exceptions.js';
import { type DeadlineState, deadlineStateOf } from './deadline-state.js';
import { historyOf, webhookTrailOf } from './transfer-trail.js';
import { accountTransferView, securitiesTransferView } from './transfer-views.js';

async function contextOf(db: Db, tenantId: string, accountId: string) {
  const tenant = await findTenant(db, tenantId);
  const account = await findAccount(db, accountId);
  return {
    tenant: { id: tenantId, name: tenant?.name ?? tenantId },
    account: account ? { id: account.id, name: account.name, status: account.status } : null,
  };
}

/** What the operator may do now, by status (the role is checked by the procedure). */
function actionsOf(row: { status: string; cancellationRequestedAt: string | null }) {
  const open = row.status === 'NEW' || row.status === 'PROCESSING';
  return {
    cancel: open && row.cancellationRequestedAt === null,
    settle: row.status === 'PROCESSING',
    reject: row.status === 'PROCESSING',
  };
}

export async function securitiesTransferDetail(db: Db, id: string, today: string) {
  const row = await findSecuritiesTransfer(db, id);
  if (!row) throw notFound('securities transfer', id);
  const instrument = await findInstrument(db, row.isin);
  const parent = row.accountTransferId ? await findAccountTransfer(db, row.accountTransferId) : undefined;
  return {
    kind: 'SECURITIES' as const,
    today,
    transfer: securitiesTransferView(row),
    ...(await contextOf(db, row.tenantId, row.accountId)),
    instrument_name: instrument?.name ?? null,
    /** Units still to settle (exact decimal). */
    remaining_quantity: subtractDecimal(row.quantity, row.quantitySettled),
    parent: parent ? { id: parent.id, status: parent.status } : null,
    deadline: deadlineStateOf(row, today),
    actions: actionsOf(row),
    history: await historyOf(db, row.id),
    /** Custodian messages about this transfer that were not booked. */
    exceptions: (await listCustodianExceptions(db, { state: 'all', transferId: row.id }, { limit: 50 })).rows,
    ...(await webhookTrailOf(db, row.id)),
  };
}

const FLAG_RANK: Record<DeadlineState['flag'], number> = { OVERDUE: 3, AT_RISK: 2, ON_TRACK: 1, DONE: 0 };

export async function accountTransferDetail(db: Db, id: string, today: string) {
  const row = await findAccountTransferById(db, id);
  if (!row) throw notFound('account transfer', id);
  const children = (await childrenOf(db, row.id)).map((child) => ({
    ...securitiesTransferView(child),
    deadline: deadlineStateOf(child, today),
  }));
  // The parent is as late as its latest open child.
  const deadline = children
    .map((c) => c.deadline)
    .reduce<DeadlineState>(
      (worst, d) =>
        FLAG_RANK[d.flag] > FLAG_RANK[worst.flag] ||
        (d.flag === worst.flag && (d.days_left ?? 0) < (worst.days_left ?? 0))
          ? d
          : worst,
      { due_date: null, days_left: null, flag: 'DONE' },
    );
  const openChildren = children.filter((c) => c.status === 'NEW' || c.status === 'PROCESSING');
  return {
    kind: 'ACCOUNT' as const,
    today,
    transfer: accountTransferView(row),
    ...(await contextOf(db, row.tenantId, row.accountId)),
    children,
    deadline,
    actions: {
      cancel: openChildren.some((c) => c.cancellation_requested_at === null),
      settle: false,
      reject: false,
    },
    history: await historyOf(db, row.id),
    ...(await webhookTrailOf(db, row.id)),
  };
}
