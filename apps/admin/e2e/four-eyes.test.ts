import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../../api/test/harness.js';
import { rowOf, sqlRow } from '../../api/test/inspect.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { createLiveTransfer } from './support/fixtures.js';
import { signIn } from './support/sign-in.js';

// Four eyes in a real headless Chromium against the real api with the setting on:
// the operator who asks for a manual settle cannot apply or approve it; a second one can.

async function processing(api: RunningApi, reference: string): Promise<string> {
  const id = await createLiveTransfer(api.t);
  const internal = callerFor(api.t, { actor: { kind: 'service', name: 'reconciler' } }).internal;
  await internal.validate({ id });
  await internal.recordInstruction({ id, custodianReference: reference });
  return id;
}

describe('four eyes on manual settle and reject (headless Chromium, real api)', () => {
  let api: RunningApi;
  let browser: Browser;
  let ops: WatchedPage;
  let admin: WatchedPage;
  let settleId: string;
  let rejectId: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi({ service: { fourEyes: true } });
    settleId = await processing(api, 'T0000000000004E1');
    rejectId = await processing(api, 'T0000000000004E2');
    browser = await launchChromium();
    ops = await WatchedPage.open(browser);
    admin = await WatchedPage.open(browser);
  }, 120_000);

  afterEach(() => {
    for (const page of [ops, admin])
      expect(page.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('a manual settle waits for a second operator; the requester cannot approve it', async () => {
    await signIn(ops, api.base, 'ops@example.com', 'ops-demo-password');
    await ops.page.goto(`${api.base}/admin/transfers/securities/${settleId}`);
    await ops.page.getByRole('button', { name: 'Manual settle…' }).click();
    await ops.page.getByLabel(/Reason/).fill('MT544 received by e-mail, ticket OPS-4711');
    await ops.page.getByRole('dialog').getByRole('button', { name: 'Book settlement' }).click();
    await ops.page.getByText('Sent for approval').waitFor();
    await ops.page.getByTestId('pending-approval').waitFor();
    expect(await rowOf(api.t.db, settleId)).toMatchObject({ status: 'PROCESSING', quantitySettled: '0' });
    await ops.screenshot('four-eyes-01-requested');

    await ops.page.getByRole('link', { name: 'Approvals', exact: true }).first().click();
    const card = ops.page.getByRole('article', { name: `Approval ${settleId}` });
    await card.waitFor();
    expect(await card.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    // The api refuses it too, whatever the page shows.
    const approvalId = (
      (await sqlRow(api.t.db, 'SELECT id FROM approval_requests WHERE transfer_id = ?', settleId)) as {
        id: string;
      }
    ).id;
    ops.expectError({ url: /admin\.approvals\.approve/, status: 403 });
    const status = await ops.page.evaluate(async (id) => {
      const session = (await (await fetch('/admin/api/session')).json()) as { csrf_token: string };
      const res = await fetch('/trpc/admin.approvals.approve', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
        body: JSON.stringify({ id }),
      });
      return res.status;
    }, approvalId);
    expect(status).toBe(403);
    expect((await rowOf(api.t.db, settleId)).status).toBe('PROCESSING');
    await ops.screenshot('four-eyes-02-own-request');

    await signIn(admin, api.base, 'admin@example.com', 'admin-demo-password');
    await admin.page.goto(`${api.base}/admin/approvals`);
    const theirs = admin.page.getByRole('article', { name: `Approval ${settleId}` });
    await theirs.getByText('asked by', { exact: false }).waitFor();
    await admin.screenshot('four-eyes-03-second-operator');
    await theirs.getByRole('button', { name: 'Approve' }).click();
    await admin.page.getByText('Nothing waits for approval.').waitFor();
    expect(await rowOf(api.t.db, settleId)).toMatchObject({ status: 'SETTLED', quantitySettled: '1' });

    await admin.page.getByRole('tab', { name: 'Approved' }).click();
    await admin.page.getByText(/Approved by\s+operator:admin@example.com/).waitFor();
    await admin.screenshot('four-eyes-04-approved');
  });

  it('a request can be rejected: nothing is applied', async () => {
    await ops.page.goto(`${api.base}/admin/transfers/securities/${rejectId}`);
    await ops.page.getByRole('button', { name: 'Manual reject…' }).click();
    await ops.page.getByLabel(/Reason/).fill('custodian said REJT by phone');
    await ops.page.getByRole('dialog').getByRole('button', { name: 'Reject transfer' }).click();
    await ops.page.getByText('Sent for approval').waitFor();

    await admin.page.goto(`${api.base}/admin/approvals`);
    await admin.page
      .getByRole('article', { name: `Approval ${rejectId}` })
      .getByRole('button', { name: 'Reject…' })
      .click();
    await admin.page.getByLabel(/Reason/).fill('no MT548 REJT received; ask the custodian first');
    await admin.page.getByRole('dialog').getByRole('button', { name: 'Reject request' }).click();
    await admin.page.getByText('Nothing waits for approval.').waitFor();
    expect((await rowOf(api.t.db, rejectId)).status).toBe('PROCESSING');

    await admin.page.goto(`${api.base}/admin/audit`);
    const audit = admin.page.getByTestId('audit-table');
    await audit.waitFor();
    // Newest first: the four steps of both requests, each with its operator.
    await expect
      .poll(() => audit.locator('tbody tr td:nth-child(3)').allTextContents())
      .toEqual(['approval.reject', 'approval.request', 'approval.approve', 'approval.request']);
    expect(await audit.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual([
      'operator:admin@example.com',
      'operator:ops@example.com',
      'operator:admin@example.com',
      'operator:ops@example.com',
    ]);
    await admin.screenshot('four-eyes-05-audit-log');
  });
});
