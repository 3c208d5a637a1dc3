import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../api/src/context.js';
import { consoleCharts } from '../../api/src/services/admin/console-charts.js';
import { ALL_SCOPES, callerFor, DEMO, SEED_SECURITIES_REQUEST } from '../../api/test/harness.js';
import { moveTo } from '../../api/test/webhooks-support.js';
import { formatLocalDateTime } from '../src/lib/format.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';

// Charts, local times, page titles, dialog focus and density at 1280×720, in a
// real headless Chromium against the real api. The operator sits in Berlin.

const ZONE = 'Europe/Berlin';
const MIN_VISIBLE_ROWS = 20;
const demoClient: Actor = {
  kind: 'client',
  tenantId: DEMO.tenant.id,
  clientId: DEMO.tenant.clientId,
  scopes: ALL_SCOPES,
};

describe('charts and readability (headless Chromium at 1280×720, real api)', () => {
  let api: RunningApi;
  let browser: Browser;
  let ops: WatchedPage;
  let newTransfer: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi();
    const client = callerFor(api.t, { actor: demoClient });
    const today = api.t.clock.now();
    // 40 transfers over the last 10 days, some settled a few hours or days later, some cancelled.
    for (let i = 0; i < 40; i++) {
      api.t.clock.set(new Date(today.getTime() - (i % 10) * 86_400_000 - i * 600_000));
      const created = await client.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        direction: i % 3 === 0 ? 'OUTGOING' : 'INCOMING',
        quantity: String(i + 1),
        settlement_reference: `DENSE-${String(i).padStart(2, '0')}`,
      });
      if (i % 4 === 1 && created.direction === 'INCOMING') {
        await moveTo(api.t, created.id, 'PROCESSING');
        api.t.clock.set(new Date(api.t.clock.now().getTime() + (6 + i) * 3_600_000));
        await moveTo(api.t, created.id, 'SETTLED');
      } else if (i % 7 === 3) await moveTo(api.t, created.id, 'CANCELLED');
    }
    api.t.clock.set(today);
    newTransfer = (
      await client.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, settlement_reference: 'FOCUS-1' })
    ).id;
    browser = await launchChromium();
    ops = await WatchedPage.open(browser, { viewport: { width: 1280, height: 720 }, timezoneId: ZONE });
    await ops.page.goto(`${api.base}/admin/`);
    expect(await ops.page.title()).toBe('Sign in – Transfers back office');
    await ops.page.getByLabel('E-mail').fill('ops@example.com');
    await ops.page.getByLabel('Password').fill('ops-demo-password');
    await ops.page.getByRole('button', { name: 'Sign in' }).click();
    await ops.page.getByTestId('operator-email').waitFor();
  }, 180_000);

  afterEach(() => {
    expect(ops.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it(`shows at least ${MIN_VISIBLE_ROWS} transfers at 1280×720 without scrolling`, async () => {
    await ops.page.goto(`${api.base}/admin/transfers`);
    const rows = ops.page.locator('[data-testid=transfers-table] tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(MIN_VISIBLE_ROWS);
    await ops.screenshot('c05-transfers-1280x720', false);
    const visible = await rows.evaluateAll(
      (trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length,
    );
    expect(visible).toBeGreaterThanOrEqual(MIN_VISIBLE_ROWS);

    // Scrolled down, the column headers stay in view.
    await ops.page.mouse.wheel(0, 600);
    await expect
      .poll(() =>
        ops.page
          .locator('[data-testid=transfers-table] thead th')
          .first()
          .evaluate((th) => th.getBoundingClientRect().top),
      )
      .toBeGreaterThanOrEqual(0);
    const headerTop = await ops.page
      .locator('[data-testid=transfers-table] thead th')
      .first()
      .evaluate((th) => th.getBoundingClientRect().top);
    expect(headerTop).toBeLessThan(120);
  });

  it('shows times in the operator’s zone with UTC on hover', async () => {
    await ops.page.goto(`${api.base}/admin/transfers`);
    const time = ops.page.locator('[data-testid=transfers-table] tbody tr time').first();
    await time.waitFor();
    const utc = (await time.getAttribute('datetime')) ?? '';
    // 09:00 UTC on 2 March is 10:00 in Berlin.
    expect(await time.textContent()).toBe(formatLocalDateTime(utc, ZONE));
    expect(await time.textContent()).not.toBe(formatLocalDateTime(utc, 'UTC'));
    expect(await time.getAttribute('title')).toMatch(
      /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} UTC \(shown in Europe\/Berlin\)$/,
    );
  });

  it('gives every page its own title', async () => {
    const titles = new Map<string, string>();
    for (const path of [
      'transfers',
      'deadlines',
      'webhooks',
      'charts',
      `transfers/securities/${newTransfer}`,
    ]) {
      await ops.page.goto(`${api.base}/admin/${path}`);
      await ops.page.locator('h1').first().waitFor();
      await expect.poll(() => ops.page.title()).not.toBe('');
      titles.set(path, await ops.page.title());
    }
    expect(new Set(titles.values()).size).toBe(titles.size);
    expect(titles.get('transfers')).toBe('Transfers – Transfers back office');
    expect(titles.get(`transfers/securities/${newTransfer}`)).toBe(
      `Securities transfer ${newTransfer.slice(0, 8)}… – Transfers back office`,
    );
    // In-app navigation updates it too.
    await ops.page.getByRole('link', { name: 'Reconciliation' }).click();
    await expect.poll(() => ops.page.title()).toBe('Reconciliation breaks – Transfers back office');
  });

  it('keeps focus inside a dialog, closes it on Escape and returns focus to the opener', async () => {
    await ops.page.goto(`${api.base}/admin/transfers/securities/${newTransfer}`);
    const opener = ops.page.getByRole('button', { name: 'Cancel transfer' });
    await opener.focus();
    await ops.page.keyboard.press('Enter');
    const dialog = ops.page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/Reason/).fill('checking the keyboard');
    const insideDialog = () =>
      ops.page.evaluate(() => document.activeElement?.closest('[role=dialog]') !== null);
    expect(await insideDialog()).toBe(true);
    for (let i = 0; i < 8; i++) {
      await ops.page.keyboard.press('Tab');
      expect(await insideDialog()).toBe(true);
    }
    for (let i = 0; i < 8; i++) {
      await ops.page.keyboard.press('Shift+Tab');
      expect(await insideDialog()).toBe(true);
    }
    await ops.screenshot('c06-dialog-focus', false);
    await ops.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect(
      callerFor(api.t, { actor: demoClient }).securitiesTransfers.get({ id: newTransfer }),
    ).resolves.toMatchObject({ status: 'NEW' });
  });

  it('draws the ageing, volumes and time-to-settle charts from the seeded transfers', async () => {
    const expected = await consoleCharts(api.t.db, api.t.clock.now(), 30);
    const ageingBars = expected.ageing.flatMap((b) =>
      [b.ON_TRACK, b.AT_RISK, b.OVERDUE, b.NO_DEADLINE].filter((n) => n > 0),
    ).length;
    const incomingBars = expected.daily_volumes.flatMap((d) =>
      ['NEW', 'PROCESSING', 'SETTLED', 'CANCELLED'].filter(
        (s) => Number(d[`INCOMING_${s}` as keyof typeof d]) > 0,
      ),
    ).length;
    const settledDays = expected.time_to_settle.filter((d) => d.settled > 0).length;
    expect(ageingBars).toBeGreaterThan(0);
    expect(incomingBars).toBeGreaterThan(0);
    expect(settledDays).toBeGreaterThan(0);

    await ops.page.goto(`${api.base}/admin/charts`);
    const ageing = ops.page.getByTestId('chart-ageing');
    await ageing.locator('.recharts-wrapper > svg').waitFor();
    await expect.poll(() => ageing.locator('.recharts-bar-rectangle path').count()).toBe(ageingBars);
    const incoming = ops.page.getByTestId('chart-volumes-incoming');
    await expect.poll(() => incoming.locator('.recharts-bar-rectangle path').count()).toBe(incomingBars);
    const settle = ops.page.getByTestId('chart-time-to-settle');
    // A dot per day with settlements, for the median and the 90th percentile.
    await expect.poll(() => settle.locator('.recharts-line-dots circle').count()).toBe(settledDays * 2);
    // Bars have a height: the data is drawn, not just the axes.
    const heights = await ageing
      .locator('.recharts-bar-rectangle path')
      .evaluateAll((paths) => paths.map((p) => p.getBoundingClientRect().height));
    expect(heights.every((h) => h > 0)).toBe(true);
    await ops.screenshot('c07-charts');
  });
});
