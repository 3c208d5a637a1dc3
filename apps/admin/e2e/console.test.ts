import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../api/test/harness.js';
import { rowOf, sqlRow } from '../../api/test/inspect.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { createLiveTransfer, type Scenario, seedScenario } from './support/fixtures.js';

// The operations console in a real headless Chromium against the real api
// (createApp on a temp SQLite file). Tests run in order and share one
// signed-in operator page; a second context signs in as a viewer.

let api: RunningApi;
let browser: Browser;
let scenario: Scenario;
let ops: WatchedPage;
const pages: WatchedPage[] = [];

async function signIn(page: WatchedPage, email: string, password: string): Promise<void> {
  await page.page.goto(`${api.base}/admin/`);
  await page.page.getByLabel('E-mail').fill(email);
  await page.page.getByLabel('Password').fill(password);
  await page.page.getByRole('button', { name: 'Sign in' }).click();
  await page.page.getByTestId('operator-email').filter({ hasText: email }).waitFor();
}

async function statusOf(id: string): Promise<string> {
  return (await rowOf(api.t.db, id)).status;
}

function positionOf(accountId: string, isin: string) {
  return sqlRow(
    api.t.db,
    'SELECT quantity, reserved FROM positions WHERE account_id = ? AND isin = ?',
    accountId,
    isin,
  );
}

describe('operations console (headless Chromium, real api)', () => {
  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi();
    scenario = await seedScenario(api.t);
    browser = await launchChromium();
    ops = await WatchedPage.open(browser);
    pages.push(ops);
  }, 120_000);

  afterEach(() => {
    for (const page of pages) {
      const errors = page.errors.splice(0);
      expect(errors, 'the page logged console errors').toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('refuses a wrong password, then signs the operator in', async () => {
    await ops.page.goto(`${api.base}/admin/`);
    await ops.page.getByRole('heading', { name: 'Sign in to the operations console' }).waitFor();
    await ops.screenshot('01-login');
    ops.expectError({ url: /\/admin\/api\/login$/, status: 401 });
    await ops.page.getByLabel('E-mail').fill('ops@example.com');
    await ops.page.getByLabel('Password').fill('not-the-password');
    await ops.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => ops.page.getByRole('alert').textContent()).toContain('wrong e-mail or password');
    expect(await ops.page.getByTestId('operator-email').count()).toBe(0);

    await signIn(ops, 'ops@example.com', 'ops-demo-password');
    await ops.page.getByTestId('transfers-table').waitFor();
    await expect.poll(() => ops.page.locator('[data-testid=transfers-table] tbody tr').count()).toBe(7);
    await ops.screenshot('02-transfers');
  });

  it('filters transfers, keeps the filters in the URL and counts per status', async () => {
    const rows = ops.page.locator('[data-testid=transfers-table] tbody tr');
    await ops.page.locator('select[name=direction]').selectOption('OUTGOING');
    await expect.poll(() => ops.page.url()).toContain('direction=OUTGOING');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await ops.page.getByTestId('status-tab-PROCESSING').textContent()).toContain('2');
    expect(await ops.page.getByTestId('status-tab-NEW').textContent()).toContain('1');

    await ops.page.locator('input[name=reference]').fill('cancel-me');
    await ops.page.locator('input[name=reference]').press('Enter');
    await expect.poll(() => ops.page.url()).toContain('reference=cancel-me');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('CANCEL-ME-1');

    // The URL is the state: a fresh load of it shows the same view.
    await ops.page.goto(ops.page.url());
    await expect.poll(() => rows.count()).toBe(1);
    expect(await ops.page.locator('input[name=reference]').inputValue()).toBe('cancel-me');

    await ops.page.goto(`${api.base}/admin/transfers?tenant=${DEMO.otherTenant.id}`);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Other Fintech');

    await ops.page.goto(`${api.base}/admin/transfers?isin=IE00B4L5Y983`);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('INC-A');
    expect(await rows.first().textContent()).toContain('1,500');
  });

  it('shows a new transfer without a reload (the table polls)', async () => {
    await ops.page.goto(`${api.base}/admin/transfers?reference=LIVE`);
    await ops.page.getByText('No transfers match these filters.').waitFor();
    await createLiveTransfer(api.t);
    await ops.page
      .locator('[data-testid=transfers-table] tbody tr', { hasText: 'LIVE-1' })
      .waitFor({ timeout: 15_000 });
  });

  it('opens a transfer from the keyboard and shows its fields and timeline', async () => {
    await ops.page.goto(`${api.base}/admin/transfers?reference=CANCEL-ME`);
    const row = ops.page.locator('[data-testid=transfers-table] tbody tr').first();
    await row.waitFor();
    await row.focus();
    await ops.page.keyboard.press('Enter');
    await expect.poll(() => ops.page.url()).toContain(`/admin/transfers/securities/${scenario.toCancel}`);
    const timeline = ops.page.getByTestId('timeline');
    await timeline.waitFor();
    expect(await timeline.textContent()).toContain(`client:${DEMO.tenant.clientId}`);
    expect(await ops.page.getByTestId('transfer-status').textContent()).toBe('NEW');
    expect(await ops.page.locator('.fields').textContent()).toContain('CANCEL-ME-1');
    expect(await ops.page.getByTestId('events-table').textContent()).toContain('SECURITIES_TRANSFER.NEW');
  });

  it('cancels as operator with a mandatory reason, and the status changes', async () => {
    await ops.page.getByRole('button', { name: 'Cancel transfer' }).click();
    const dialog = ops.page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Cancel transfer' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Reason/).fill('client asked by phone, ticket OPS-1234');
    await ops.screenshot('04-cancel-dialog');
    await confirm.click();
    await expect.poll(() => ops.page.getByTestId('transfer-status').textContent()).toBe('CANCELLED');
    const timeline = await ops.page.getByTestId('timeline').textContent();
    expect(timeline).toContain('operator:ops@example.com');
    expect(timeline).toContain('client asked by phone, ticket OPS-1234');
    expect(await statusOf(scenario.toCancel)).toBe('CANCELLED');
    await ops.screenshot('03-transfer-detail');
  });

  it('lets a viewer look but not cancel – no enabled button, and the api refuses with 403', async () => {
    const viewer = await WatchedPage.open(browser);
    pages.push(viewer);
    await signIn(viewer, 'viewer@example.com', 'viewer-demo-password');
    await viewer.page.goto(`${api.base}/admin/transfers/securities/${scenario.incomingA}`);
    await viewer.page.getByTestId('timeline').waitFor();
    expect(await viewer.page.getByRole('button', { name: 'Cancel transfer' }).isDisabled()).toBe(true);
    expect(await viewer.page.locator('.actions').textContent()).toContain('Read-only');

    viewer.expectError({ url: /\/trpc\/admin\.transfers\.cancel/, status: 403 });
    const forced = await viewer.page.evaluate(async (id) => {
      const session = (await (await fetch('/admin/api/session')).json()) as { csrf_token: string };
      const res = await fetch('/trpc/admin.transfers.cancel', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
        body: JSON.stringify({ kind: 'SECURITIES', id, reason: 'forcing it anyway' }),
      });
      return res.status;
    }, scenario.incomingA);
    expect(forced).toBe(403);
    expect(await statusOf(scenario.incomingA)).toBe('NEW');
    await viewer.screenshot('05-viewer-detail');
    await viewer.close();
  });

  it('shows the overdue outgoing transfer on the deadlines board', async () => {
    await ops.page.getByRole('link', { name: 'Deadlines' }).click();
    const outgoing = ops.page.getByTestId('deadlines-outgoing');
    await outgoing.waitFor();
    const first = outgoing.locator('tbody tr').first();
    expect(await first.getAttribute('class')).toContain('flag-row-overdue');
    expect(await first.textContent()).toContain('8 days overdue');
    expect(await first.textContent()).toContain('22 Feb 2026');
    const second = outgoing.locator('tbody tr').nth(1);
    expect(await second.getAttribute('class')).toContain('flag-row-at-risk');
    expect(await second.textContent()).toContain('3 days left');
    await ops.screenshot('06-deadlines');
  });

  it('settles the overdue transfer by hand and books the position', async () => {
    await ops.page.getByTestId('deadlines-outgoing').locator('tbody tr').first().click();
    await ops.page.getByRole('button', { name: 'Manual settle…' }).click();
    const dialog = ops.page.getByRole('dialog');
    expect(await dialog.getByLabel('Settled quantity').inputValue()).toBe('5');
    await dialog.getByLabel(/Reason/).fill('MT546 received by e-mail from the custodian');
    await dialog.getByRole('button', { name: 'Book settlement' }).click();
    await expect.poll(() => ops.page.getByTestId('transfer-status').textContent()).toBe('SETTLED');
    expect(await positionOf(DEMO.account, 'US0378331005')).toEqual({ quantity: '20', reserved: '0' });

    await ops.page.getByRole('link', { name: 'Max – depot' }).first().click();
    const table = ops.page.getByTestId('positions-table');
    await table.waitFor();
    expect(await table.locator('tr', { hasText: 'US0378331005' }).textContent()).toContain('20');
    await ops.screenshot('07-account');
  });

  it('shows an account transfer with its children, breaks and failing deliveries', async () => {
    await ops.page.goto(`${api.base}/admin/transfers/account/${scenario.accountTransfer}`);
    const children = ops.page.getByTestId('children-table');
    await children.waitFor();
    expect(await children.locator('tbody tr').count()).toBe(2);
    expect(await children.textContent()).toContain('1,234.5');
    await ops.screenshot('08-account-transfer');

    await ops.page.getByRole('link', { name: 'Reconciliation' }).click();
    await ops.page.getByText('MT535-20260301-0001').waitFor();
    expect(await ops.page.locator('table').textContent()).toContain('-2');
    await ops.screenshot('09-breaks');

    await ops.page.getByRole('link', { name: 'Webhooks' }).click();
    await ops.page.getByText('https://hooks.demo-fintech.example/transfers').first().waitFor();
    await ops.screenshot('10-webhooks');
    await ops.page.getByRole('button', { name: 'Redeliver' }).click();
    await ops.page
      .getByRole('dialog')
      .getByLabel(/Reason/)
      .fill('receiver fixed their endpoint');
    await ops.page.getByRole('dialog').getByRole('button', { name: 'Redeliver now' }).click();
    await ops.page.getByRole('dialog').waitFor({ state: 'detached' });
    await ops.page.goto(`${api.base}/admin/transfers/securities/${scenario.overdue}`);
    await expect
      .poll(() => ops.page.getByTestId('timeline').textContent())
      .toContain('receiver fixed their endpoint');
  });
});
