import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
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

// Every console list besides transfers and the audit log: keyset pages that
// never skip or repeat a row (ties on the sort value broken by the key),
// forward and back, each read from an index in the list's order.

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };
const ROWS = 5;
/** Pairs of rows share their sort value, so the tie-breaker decides. */
const at = (i: number) => `2026-03-02T0${Math.floor(i / 2)}:00:00.000Z`;

interface Page<T> {
  rows: T[];
  next_cursor: string | null;
  prev_cursor: string | null;
}
type Fetch<T> = (cursor: { after?: string; before?: string; limit: number }) => Promise<Page<T>>;

/** Walks every page forward by 2, then back from the last; both must equal one big page. */
async function walkBothWays<T>(fetch: Fetch<T>, idOf: (row: T) => string) {
  const all = (await fetch({ limit: 200 })).rows.map(idOf);
  const forward: string[] = [];
  let page = await fetch({ limit: 2 });
  const pages: Page<T>[] = [page];
  for (let i = 0; i < 50; i++) {
    forward.push(...page.rows.map(idOf));
    if (!page.next_cursor) break;
    page = await fetch({ after: page.next_cursor, limit: 2 });
    pages.push(page);
  }
  const backward: string[] = [];
  let back = pages.at(-1) as Page<T>;
  for (let i = 0; i < 50; i++) {
    backward.unshift(...back.rows.map(idOf));
    if (!back.prev_cursor) break;
    back = await fetch({ before: back.prev_cursor, limit: 2 });
  }
  return { all, forward, backward, pages: pages.length };
}

describe('console lists: keyset pages and their indexes', () => {
  let t: TestDb;
  const transferIds: string[] = [];
  beforeEach(async () => {
    t = await createTestDb();
    transferIds.length = 0;
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
  });
  afterEach(() => t.close());

  const admin = () => callerFor(t, { actor: OPERATOR }).admin;
  const lists: Record<string, Fetch<{ id?: string; event_seq?: number; subscription_id?: string }>> = {
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
  const idOf = (row: { id?: string; event_seq?: number; subscription_id?: string }) =>
    row.id ?? `${row.event_seq}/${row.subscription_id}`;

  it('walks every list forward and back by cursor without skipping or repeating a row', async () => {
    for (const [name, fetch] of Object.entries(lists)) {
      const { all, forward, backward, pages } = await walkBothWays(fetch, idOf);
      expect(all.length, name).toBeGreaterThanOrEqual(2);
      expect(new Set(all).size, name).toBe(all.length);
      expect(forward, name).toEqual(all);
      expect(backward, name).toEqual(all);
      expect(pages, name).toBe(Math.ceil(all.length / 2));
    }
    // The orders an operator reads: newest first, most urgent first, by name.
    expect((await lists['breaks, all']?.({ limit: 3 }))?.rows.map(idOf)).toEqual([
      'break-4',
      'break-3',
      'break-2',
    ]);
    expect((await lists['breaks, open']?.({ limit: 200 }))?.rows.map(idOf)).toEqual([
      'break-4',
      'break-3',
      'break-2',
    ]);
    expect((await lists['accounts, searched']?.({ limit: 200 }))?.rows.map(idOf)).toEqual([
      'account-0',
      'account-1',
      'account-2',
      'account-3',
      'account-4',
    ]);
  });

  it('refuses a cursor that is not one of the list', async () => {
    await expect(admin().breaks({ after: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'after is not a cursor of this list',
    });
    const { next_cursor } = await admin().breaks({ state: 'all', limit: 1 });
    await expect(
      admin().breaks({ after: next_cursor ?? '', before: next_cursor ?? '' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
