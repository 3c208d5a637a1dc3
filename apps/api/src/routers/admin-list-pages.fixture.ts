// The rows both list suites page through (admin-list-pages.test.ts on both
// databases, admin-list-pages.sqlite.test.ts for SQLite's query plans) and
// the lists themselves.
import { callerFor, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import { eventsOf } from '../../test/inspect.js';
import type { Actor } from '../context.js';
import {
  accounts,
  approvalRequests,
  custodianExceptions,
  reconciliationBreaks,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/tables.js';

export const OPERATOR: Actor = {
  kind: 'operator',
  operatorId: 'op-1',
  email: 'ops@example.com',
  role: 'operator',
};
const ROWS = 5;
/** Pairs of rows share their sort value, so the tie-breaker decides. */
const at = (i: number) => `2026-03-02T0${Math.floor(i / 2)}:00:00.000Z`;

export interface Page<T> {
  rows: T[];
  next_cursor: string | null;
  prev_cursor: string | null;
}
export type Fetch<T> = (cursor: { after?: string; before?: string; limit: number }) => Promise<Page<T>>;
export type ListRow = { id?: string; event_seq?: number; subscription_id?: string };

/** Stores ROWS rows of every listed kind, pairs of them on one sort value; answers the transfers' ids. */
export async function seedConsoleLists(t: TestDb): Promise<string[]> {
  const transferIds: string[] = [];
  const api = callerFor(t);
  for (let i = 0; i < ROWS; i++) {
    const created = await api.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: i % 2 === 0 ? 'INCOMING' : 'OUTGOING',
      settlement_reference: `LIST-${i}`,
    });
    transferIds.push(created.id);
  }
  const created = '2026-03-01T00:00:00.000Z';
  for (const id of ['sub-a', 'sub-b']) {
    await t.db.insert(webhookSubscriptions).values({
      id,
      tenantId: DEMO.tenant.id,
      url: `https://hooks.example/${id}`,
      createdAt: created,
      updatedAt: created,
    });
  }
  for (let i = 0; i < ROWS; i++) {
    const resolved =
      i < 2 ? { resolvedAt: at(i), resolvedBy: 'operator:ops@example.com', resolution: 'done' } : {};
    await t.db.insert(reconciliationBreaks).values({
      id: `break-${i}`,
      tenantId: DEMO.tenant.id,
      accountId: DEMO.account,
      isin: `DE000000000${i}`,
      ours: '1',
      theirs: '2',
      firstSeenAt: at(i),
      lastSeenAt: at(i),
      ...resolved,
    });
    await t.db.insert(custodianExceptions).values({
      id: `exception-${i}`,
      dedupeKey: `message:REF${i}`,
      reasonCode: 'UNKNOWN_REFERENCE',
      detail: 'names no transfer of ours',
      receivedAt: at(i),
      ...resolved,
    });
    await t.db.insert(approvalRequests).values({
      id: `approval-${i}`,
      action: 'MANUAL_REJECT',
      transferId: transferIds[i] ?? '',
      tenantId: DEMO.tenant.id,
      reason: 'custodian rejected by phone',
      transferUpdatedAt: created,
      state: 'PENDING',
      requestedById: 'op-2',
      requestedBy: 'operator:other@example.com',
      requestedAt: at(i),
    });
    await t.db.insert(accounts).values({
      id: `account-${i}`,
      tenantId: DEMO.tenant.id,
      userId: DEMO.user,
      accountGroupId: DEMO.accountGroup,
      status: 'ACTIVE',
      name: `Paging ${Math.floor(i / 2)}`,
      createdAt: created,
    });
    const seq = (await eventsOf(t.db, transferIds[i] ?? ''))[0]?.seq ?? 0;
    for (const subscriptionId of ['sub-a', 'sub-b']) {
      await t.db.insert(webhookDeliveries).values({
        subscriptionId,
        eventSeq: seq,
        objectId: transferIds[i] ?? '',
        state: i < 2 ? 'delivered' : 'pending',
        attempts: i < 2 ? 1 : 3,
        nextAttemptAt: at(i),
      });
    }
  }
  return transferIds;
}

/** Every keyset-paged console list, by name, read as the operator. */
export function consoleLists(t: () => TestDb): Record<string, Fetch<ListRow>> {
  const admin = () => callerFor(t(), { actor: OPERATOR }).admin;
  return {
    'breaks, all': (c) => admin().breaks({ state: 'all', ...c }),
    'breaks, open': (c) => admin().breaks({ state: 'open', ...c }),
    'breaks, resolved': (c) => admin().breaks({ state: 'resolved', ...c }),
    'exceptions, all': (c) => admin().exceptions.list({ state: 'all', ...c }),
    'exceptions, open': (c) => admin().exceptions.list({ state: 'open', ...c }),
    'deliveries, all': (c) => admin().webhooks.deliveries({ state: 'all', ...c }),
    'deliveries, failing': (c) => admin().webhooks.deliveries({ state: 'failing', ...c }),
    'deliveries, pending': (c) => admin().webhooks.deliveries({ state: 'pending', ...c }),
    'deliveries, delivered': (c) => admin().webhooks.deliveries({ state: 'delivered', ...c }),
    'approvals, pending': (c) => admin().approvals.list({ state: 'PENDING', ...c }),
    accounts: (c) => admin().accounts.search({ q: '', ...c }),
    'accounts, searched': (c) => admin().accounts.search({ q: 'paging', ...c }),
    'deadlines, outgoing': async (c) =>
      (await admin().deadlines({ outgoing: { after: c.after, before: c.before }, limit: c.limit })).outgoing,
    'deadlines, incoming': async (c) =>
      (await admin().deadlines({ incoming: { after: c.after, before: c.before }, limit: c.limit })).incoming,
  };
}

export const idOf = (row: ListRow) => row.id ?? `${row.event_seq}/${row.subscription_id}`;
