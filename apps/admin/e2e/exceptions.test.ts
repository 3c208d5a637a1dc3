import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, DEMO } from '../../api/test/harness.js';
import { sqlRow } from '../../api/test/inspect.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { createLiveTransfer } from './support/fixtures.js';

// A custodian confirmation that does not match our instruction, seen and resolved
// by an operator in a real headless Chromium against the real api.
const RAW = [
  '{1:F01TBOBDEFFAXXX0000000000}{2:O5441405260304CUSTDEFFAXXX12345678952603041405N}{4:',
  ':16R:GENL',
  ':20C::SEME//CUSTWRONGISIN1',
  ':23G:NEWM',
  '-}',
].join('\r\n');

describe('custodian exceptions and statuses in the console (headless Chromium, real api)', () => {
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
    await internal.recordInstruction({ id: transferId, custodianReference: 'T00000000000E2E1' });
    await internal.applyConfirmation({
      custodianReference: 'T00000000000E2E1',
      messageReference: 'CUSTWRONGISIN1',
      messageType: 'MT544',
      isin: 'DE0007164600',
      safekeepingAccount: DEMO.account.replace(/-/g, ''),
      quantity: '1',
      effectiveDate: '2026-03-04',
      source: '20260304-wrong-isin.fin',
      raw: RAW,
    });
    await internal.recordCustodianStatus({
      custodianReference: 'T00000000000E2E1',
      messageReference: 'CUSTNMAT1',
      function: 'INST',
      status: 'MTCH//NMAT',
      reasonCode: 'CMIS',
      narrative: 'NO COUNTERPARTY INSTRUCTION',
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

  it('lists the message with its raw text and resolves it with a reason', async () => {
    await ops.page.goto(`${api.base}/admin/`);
    await ops.page.getByLabel('E-mail').fill('ops@example.com');
    await ops.page.getByLabel('Password').fill('ops-demo-password');
    await ops.page.getByRole('button', { name: 'Sign in' }).click();
    await ops.page.getByTestId('operator-email').waitFor();

    await ops.page.getByRole('link', { name: 'Exceptions' }).click();
    const card = ops.page.getByRole('article', { name: 'Exception ISIN_MISMATCH' });
    await card.waitFor();
    expect(await card.textContent()).toContain('the message names DE0007164600; we instructed US88160R1014');
    await card.getByText('Raw message').click();
    expect(await card.getByTestId('raw-message').textContent()).toContain(':20C::SEME//CUSTWRONGISIN1');
    await ops.screenshot('exceptions-01-open');

    await card.getByRole('button', { name: 'Resolve…' }).click();
    await ops.page
      .getByLabel(/Reason/)
      .fill('custodian confirmed the ISIN was keyed wrongly; corrected MT544 follows');
    await ops.page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await ops.page.getByText('No open exceptions.').waitFor();
    const stored = await sqlRow(api.t.db, 'SELECT resolved_by AS "by", resolution FROM custodian_exceptions');
    expect(stored).toEqual({
      by: 'operator:ops@example.com',
      resolution: 'custodian confirmed the ISIN was keyed wrongly; corrected MT544 follows',
    });

    await ops.page.getByRole('tab', { name: 'Resolved' }).click();
    await ops.page.getByText(/Resolved .* by operator:ops@example.com/).waitFor();
    await ops.page.getByRole('link', { name: transferId }).click();
    await ops.page.getByText('CUSTODIAN_EXCEPTION_RESOLVED').first().waitFor();
    // The custodian's latest status with its reason, and the same advice in the timeline.
    await ops.page.getByText('NO COUNTERPARTY INSTRUCTION').first().waitFor();
    expect(
      await ops.page.getByText('instruction: MTCH//NMAT, reason CMIS: NO COUNTERPARTY INSTRUCTION').count(),
    ).toBe(1);
    await ops.screenshot('exceptions-02-transfer');
  });
});
