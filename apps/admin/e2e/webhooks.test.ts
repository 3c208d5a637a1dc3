import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../api/src/context.js';
import { WebhookDispatcher } from '../../api/src/webhooks/dispatcher.js';
import { ALL_SCOPES, callerFor, DEMO } from '../../api/test/harness.js';
import { eventsOf, type Receiver, startReceiver, waitFor } from '../../api/test/webhooks-support.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { createLiveTransfer } from './support/fixtures.js';

// Webhook troubleshooting in a real headless Chromium against the real api, with
// the real dispatcher sending to real receivers on 127.0.0.1: one answers 500,
// the other 200. The api's clock stands still, so a failed delivery waits for
// its back-off forever and only a redelivery sends it again.

const demoClient: Actor = {
  kind: 'client',
  tenantId: DEMO.tenant.id,
  clientId: DEMO.tenant.clientId,
  scopes: ALL_SCOPES,
};

describe('webhooks in the console (headless Chromium, real api, real receivers)', () => {
  let api: RunningApi;
  let browser: Browser;
  let ops: WatchedPage;
  let broken: Receiver;
  let healthy: Receiver;
  let dispatcher: WebhookDispatcher;
  let transferId: string;
  let brokenUrl: string;
  let healthyUrl: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi();
    broken = await startReceiver(() => 500, '/broken');
    healthy = await startReceiver(() => 200, '/healthy');
    const hooks = callerFor(api.t, { actor: demoClient }).webhooks;
    brokenUrl = (await hooks.create({ url: broken.url })).url;
    healthyUrl = (await hooks.create({ url: healthy.url })).url;
    transferId = await createLiveTransfer(api.t);
    dispatcher = new WebhookDispatcher({
      db: api.t.db,
      writes: api.t.writes,
      clock: api.t.clock,
      pollMs: 50,
    });
    dispatcher.start();
    await waitFor(() => broken.requests.length >= 1 && healthy.requests.length >= 1, 10_000, 'both attempts');
    browser = await launchChromium();
    ops = await WatchedPage.open(browser);
    await ops.page.goto(`${api.base}/admin/`);
    await ops.page.getByLabel('E-mail').fill('ops@example.com');
    await ops.page.getByLabel('Password').fill('ops-demo-password');
    await ops.page.getByRole('button', { name: 'Sign in' }).click();
    await ops.page.getByTestId('operator-email').waitFor();
  }, 120_000);

  afterEach(() => {
    expect(ops.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await dispatcher?.stop(1_000);
    await browser?.close();
    await broken?.close();
    await healthy?.close();
    await api?.close();
  });

  it('shows the failing subscription failing since its first failed attempt, with its backlog', async () => {
    await ops.page.getByRole('link', { name: 'Webhooks' }).click();
    const table = ops.page.getByTestId('subscription-health');
    const failing = table.locator('tr', { hasText: brokenUrl });
    await failing.waitFor();
    expect(await failing.locator('.badge').textContent()).toBe('failing');
    // The api's clock: every attempt happened at 2026-03-02 09:00:00 UTC.
    const since = failing.getByTestId('failing-since').locator('time');
    expect(await since.getAttribute('datetime')).toBe('2026-03-02T09:00:00.000Z');
    expect(await since.getAttribute('title')).toContain('2 Mar 2026, 09:00:00 UTC');
    expect(await failing.getByTestId('backlog').textContent()).toBe('1');
    expect(await failing.textContent()).toContain('HTTP 500');

    const ok = table.locator('tr', { hasText: healthyUrl });
    expect(await ok.locator('.badge').textContent()).toBe('healthy');
    expect(await ok.getByTestId('backlog').textContent()).toBe('0');
    expect(await ok.getByTestId('failing-since').textContent()).toBe('—');
    await ops.screenshot('c01-webhook-health');
  });

  it('shows an attempt’s request as sent and the receiver’s answer', async () => {
    await ops.page.goto(`${api.base}/admin/transfers/securities/${transferId}`);
    const failedAttempt = ops.page.getByTestId('attempts-table').locator('tr', { hasText: 'HTTP 500' });
    await failedAttempt.waitFor();
    await failedAttempt.getByRole('button', { name: 'Request / response' }).click();
    const exchange = ops.page.locator('[data-testid^=exchange-]');
    await exchange.waitFor();
    const sent = broken.requests[0];
    if (!sent) throw new Error('the broken receiver got nothing');
    const shown = exchange.locator('pre');
    // The request body exactly as the receiver got it, and the receiver's body.
    expect(await shown.nth(0).textContent()).toBe(sent.body);
    expect(await shown.nth(1).textContent()).toBe('nope');
    expect(await exchange.textContent()).toContain(`signature: ${sent.headers.signature}`);
    expect(await exchange.textContent()).toContain('content-type: text/plain');
    await ops.screenshot('c02-attempt-exchange');
  });

  it('redelivers the transfer’s events to the chosen subscription, audited', async () => {
    const before = healthy.requests.length;
    const brokenBefore = broken.requests.length;
    const opener = ops.page.getByRole('button', { name: 'Redeliver events…' });
    await opener.click();
    const dialog = ops.page.getByRole('dialog');
    await dialog.getByLabel('Subscription').selectOption({ label: healthyUrl });
    await dialog.getByLabel(/Reason/).fill('client lost the NEW event, ticket OPS-77');
    await ops.screenshot('c03-redeliver-dialog');
    await dialog.getByRole('button', { name: 'Redeliver now' }).click();
    await dialog.waitFor({ state: 'detached' });

    await waitFor(() => healthy.requests.length > before, 10_000, 'the redelivery');
    const again = healthy.requests.at(-1);
    expect(again && eventsOf(again).map((e) => [e.type, e.object.id])).toEqual([
      ['SECURITIES_TRANSFER.NEW', transferId],
    ]);
    // Only the chosen subscription: the broken receiver is not sent anything new.
    expect(broken.requests.length).toBe(brokenBefore);
    await expect
      .poll(() => ops.page.getByTestId('timeline').textContent())
      .toContain('client lost the NEW event, ticket OPS-77');
    expect(await ops.page.getByTestId('timeline').textContent()).toContain('WEBHOOK_REDELIVERY_REQUESTED');
    await ops.screenshot('c04-redelivered');
  });
});
