import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../../api/src/db/query.js';
import {
  accounts,
  approvalRequests,
  custodianExceptions,
  outboxEvents,
  reconciliationBreaks,
  webhookDeliveries,
  webhookSubscriptions,
} from '../../api/src/db/tables.js';
import { DEMO } from '../../api/test/harness.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { signIn } from './support/sign-in.js';

// Every capped list of the console pages by cursor in real Chromium: more
// rows than one page (50) are stored, "Older →" shows the rest, no row twice,
// "← Newer" comes back to the first page.

const ROWS = 57;
const PAGE = 50;
const n = (i: number) => String(i).padStart(2, '0');
/** Pairs share their sort value, so the tie-breaker decides across the page boundary. */
const at = (i: number) => new Date(Date.UTC(2026, 2, 1, 0, Math.floor(i / 2))).toISOString();

async function seed(api: RunningApi): Promise<void> {
  const db = api.t.db;
  const created = '2026-03-01T00:00:00.000Z';
  await db.insert(webhookSubscriptions).values({
    id: 'sub-pages',
    tenantId: DEMO.tenant.id,
    url: 'https://hooks.example/pages',
    createdAt: created,
    updatedAt: created,
  });
  for (let i = 0; i < ROWS; i++) {
    await db.insert(reconciliationBreaks).values({
      id: `break-${n(i)}`,
      tenantId: DEMO.tenant.id,
      accountId: DEMO.account,
      isin: `DE00000000${n(i)}`,
      ours: '1',
      theirs: '2',
      firstSeenAt: at(i),
      lastSeenAt: at(i),
    });
    await db.insert(custodianExceptions).values({
      id: `exception-${n(i)}`,
      dedupeKey: `message:PAGES${n(i)}`,
      reasonCode: `UNKNOWN_REFERENCE_${n(i)}`,
      detail: 'names no transfer of ours',
      receivedAt: at(i),
    });
    await db.insert(approvalRequests).values({
      id: `approval-${n(i)}`,
      action: 'MANUAL_REJECT',
      transferId: `transfer-${n(i)}`,
      tenantId: DEMO.tenant.id,
      reason: 'custodian rejected by phone',
      transferUpdatedAt: created,
      state: 'APPROVED',
      requestedById: 'op-2',
      requestedBy: 'operator:other@example.com',
      requestedAt: at(i),
      decidedBy: 'operator:ops@example.com',
      decidedAt: at(i),
    });
    await db.insert(accounts).values({
      id: `account-${n(i)}`,
      tenantId: DEMO.tenant.id,
      userId: DEMO.user,
      accountGroupId: DEMO.accountGroup,
      status: 'ACTIVE',
      name: `Paging ${n(Math.floor(i / 2))}`,
      createdAt: created,
    });
    const event = await first(
      db
        .insert(outboxEvents)
        .values({
          id: `event-${n(i)}`,
          tenantId: DEMO.tenant.id,
          type: 'securities_transfer.updated',
          objectKind: 'SECURITIES_TRANSFER',
          objectId: `transfer-${n(i)}`,
          payload: '{}',
          createdAt: at(i),
        })
        .returning({ seq: outboxEvents.seq }),
    );
    if (!event) throw new Error('no outbox event inserted');
    await db.insert(webhookDeliveries).values({
      subscriptionId: 'sub-pages',
      eventSeq: event.seq,
      objectId: `transfer-${n(i)}`,
      state: 'delivered',
      attempts: 1,
      nextAttemptAt: at(i),
      deliveredAt: at(i),
    });
  }
}

describe('every console list pages by cursor (headless Chromium, real api)', () => {
  let api: RunningApi;
  let browser: Browser;
  let ops: WatchedPage;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi();
    await seed(api);
    browser = await launchChromium();
    ops = await WatchedPage.open(browser);
    await signIn(ops, api.base, 'ops@example.com', 'ops-demo-password');
  }, 120_000);

  afterEach(() => {
    expect(ops.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const lists = [
    {
      name: 'breaks',
      path: '/admin/breaks?state=all',
      rows: '[data-testid="breaks-table"] tbody tr',
    },
    {
      name: 'exceptions',
      path: '/admin/exceptions',
      rows: '[data-testid="exceptions-list"] > article',
    },
    {
      name: 'approvals',
      path: '/admin/approvals?state=APPROVED',
      rows: '[data-testid="approvals-list"] > article',
    },
    {
      name: 'deliveries',
      path: '/admin/webhooks?state=delivered',
      rows: '[data-testid="deliveries-table"] tbody tr',
    },
    // The demo data has accounts of its own; the search narrows to the seeded ones.
    {
      name: 'accounts',
      path: '/admin/accounts?q=Paging',
      rows: '[data-testid="accounts-table"] tbody tr',
    },
  ];

  for (const list of lists) {
    it(`shows the ${list.name} a page at a time: the second page has the rest, no row twice`, async () => {
      const { page } = ops;
      await page.goto(`${api.base}${list.path}`);
      const rows = page.locator(list.rows);
      await rows.nth(PAGE - 1).waitFor();
      const first = await rows.allTextContents();
      expect(first).toHaveLength(PAGE);
      await expect(page.getByRole('button', { name: '← Newer' }).isDisabled()).resolves.toBe(true);
      await ops.screenshot(`list-pages-${list.name}-1`);

      await page.getByRole('button', { name: 'Older →' }).click();
      await page.waitForFunction(
        ([selector, want]) => document.querySelectorAll(selector as string).length === want,
        [list.rows, ROWS - PAGE] as const,
      );
      const second = await rows.allTextContents();
      expect(second).toHaveLength(ROWS - PAGE);
      expect(new Set([...first, ...second]).size).toBe(ROWS);
      await expect(page.getByRole('button', { name: 'Older →' }).isDisabled()).resolves.toBe(true);
      await ops.screenshot(`list-pages-${list.name}-2`);

      await page.getByRole('button', { name: '← Newer' }).click();
      await rows.nth(PAGE - 1).waitFor();
      expect(await rows.allTextContents()).toEqual(first);
    });
  }
});
