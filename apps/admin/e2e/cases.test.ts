import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reconciliationBreaks } from '../../api/src/db/tables.js';
import { callerFor, DEMO, demoSafekeeping } from '../../api/test/harness.js';
import { sqlRow, sqlRows } from '../../api/test/inspect.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { createLiveTransfer } from './support/fixtures.js';
import { signIn } from './support/sign-in.js';

// Exceptions and breaks worked in a real headless Chromium against the real api:
// acknowledged, commented, linked to the transfer that explains them, resolved
// with a reason – each step in the audit log with operator and time.

describe('working exceptions and breaks (headless Chromium, real api)', () => {
  let api: RunningApi;
  let browser: Browser;
  let ops: WatchedPage;
  let transferId: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi();
    transferId = await createLiveTransfer(api.t);
    const internal = callerFor(api.t, { actor: { kind: 'service', name: 'reconciler' } }).internal;
    await internal.validate({ id: transferId });
    await internal.recordInstruction({ id: transferId, custodianReference: 'T00000000000CAS1' });
    await internal.applyConfirmation({
      custodianReference: 'T00000000000CAS1',
      messageReference: 'CUSTQTY1',
      messageType: 'MT544',
      isin: 'US88160R1014',
      safekeepingAccount: demoSafekeeping(DEMO.account),
      quantity: '7',
      effectiveDate: '2026-03-02',
      source: '20260302-qty.fin',
    });
    await api.t.db.insert(reconciliationBreaks).values({
      id: 'break-e2e',
      tenantId: DEMO.tenant.id,
      accountId: DEMO.account,
      isin: 'US0378331005',
      ours: '120',
      theirs: '115',
      statementReference: 'MT535-20260302-0001',
      firstSeenAt: '2026-03-02T06:00:00.000Z',
      lastSeenAt: '2026-03-02T06:00:00.000Z',
    });
    browser = await launchChromium();
    ops = await WatchedPage.open(browser);
  }, 120_000);

  afterEach(() => {
    expect(ops.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('acknowledges, comments, links and resolves an exception with a reason, audited', async () => {
    await signIn(ops, api.base, 'ops@example.com', 'ops-demo-password');
    await ops.page.getByRole('link', { name: 'Exceptions' }).click();
    await ops.page
      .getByRole('article', { name: /^Exception / })
      .getByRole('link', { name: 'Work on it →' })
      .click();
    const work = ops.page.getByRole('region', { name: 'Work on it' });
    await work.getByText('Open; nobody has acknowledged it yet.').waitFor();

    await work.getByRole('button', { name: 'Acknowledge' }).click();
    await work.getByText(/Acknowledged .* by operator:ops@example.com; open\./).waitFor();
    await work.getByLabel('Comment').fill('asked the custodian about the quantity, ticket C-1202');
    await work.getByRole('button', { name: 'Add comment' }).click();
    await work.getByText('asked the custodian about the quantity, ticket C-1202').waitFor();
    await work.getByLabel('Transfer id').fill(transferId);
    await work.getByRole('button', { name: 'Link transfer' }).click();
    await work
      .getByRole('list', { name: 'Linked transfers' })
      .getByRole('link', { name: transferId })
      .waitFor();
    await ops.screenshot('cases-01-exception-worked');

    await work.getByRole('button', { name: 'Resolve…' }).click();
    await ops.page.getByLabel(/Reason/).fill('custodian confirmed 1 unit; corrected MT544 follows');
    await ops.page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await work.getByText(/Resolved .* by operator:ops@example.com: custodian confirmed 1 unit/).waitFor();
    expect(await work.getByRole('button', { name: 'Resolve…' }).count()).toBe(0);
    await ops.screenshot('cases-02-exception-resolved');

    const audit = await sqlRows(
      api.t.db,
      'SELECT actor, action, reason, at FROM operator_audit ORDER BY at, id',
    );
    expect(audit).toEqual([
      {
        actor: 'operator:ops@example.com',
        action: 'exception.acknowledge',
        reason: null,
        at: '2026-03-02T09:00:00.000Z',
      },
      {
        actor: 'operator:ops@example.com',
        action: 'exception.comment',
        reason: 'asked the custodian about the quantity, ticket C-1202',
        at: '2026-03-02T09:00:00.000Z',
      },
      {
        actor: 'operator:ops@example.com',
        action: 'exception.link',
        reason: null,
        at: '2026-03-02T09:00:00.000Z',
      },
      {
        actor: 'operator:ops@example.com',
        action: 'exception.resolve',
        reason: 'custodian confirmed 1 unit; corrected MT544 follows',
        at: '2026-03-02T09:00:00.000Z',
      },
    ]);

    await ops.page.getByRole('link', { name: 'Audit log' }).click();
    await ops.page.getByLabel('Action').selectOption('exception.resolve');
    await ops.page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => ops.page.getByTestId('audit-table').locator('tbody tr').count()).toBe(1);
    expect(await ops.page.getByTestId('audit-table').textContent()).toContain('custodian confirmed 1 unit');
    await ops.screenshot('cases-03-audit-filtered');
  });

  it("shows the account's open breaks and resolves one from its page", async () => {
    await ops.page.goto(`${api.base}/admin/accounts/${DEMO.account}`);
    const open = ops.page.getByTestId('open-breaks-table');
    await open.getByText('US0378331005').waitFor();
    await ops.screenshot('cases-04-account-open-breaks');
    await open.getByRole('row', { name: 'Break US0378331005' }).click();
    const work = ops.page.getByRole('region', { name: 'Work on it' });
    await work.getByRole('button', { name: 'Resolve…' }).click();
    await ops.page
      .getByLabel(/Reason/)
      .fill('5 units delivered out on 1 March, statement cut-off before booking');
    await ops.page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await work.getByText(/Resolved .* by operator:ops@example.com/).waitFor();
    await ops.page.goto(`${api.base}/admin/accounts/${DEMO.account}`);
    await ops.page.getByText('No open breaks for this account.').waitFor();
    expect(
      await sqlRow(
        api.t.db,
        'SELECT resolved_by AS "by", resolution FROM reconciliation_breaks WHERE id = \'break-e2e\'',
      ),
    ).toEqual({
      by: 'operator:ops@example.com',
      resolution: '5 units delivered out on 1 March, statement cut-off before booking',
    });
  });
});
