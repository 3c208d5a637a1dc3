import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runWrite } from '../../api/src/services/write/port.js';
import { callerFor, DEMO, SEED_SECURITIES_REQUEST } from '../../api/test/harness.js';
import { historyOf, rowOf } from '../../api/test/inspect.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { type Scenario, seedScenario } from './support/fixtures.js';

// The console's operations tools in a real headless Chromium against the real
// api: why a transfer is stuck, the search box, the CSV export and the
// multi-select cancel. Tests run in order on one signed-in operator page.

let api: RunningApi;
let browser: Browser;
let scenario: Scenario;
let ops: WatchedPage;

const rows = () => ops.page.locator('[data-testid=transfers-table] tbody tr');

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}

describe('operations console: why stuck, search, export, bulk (headless Chromium, real api)', () => {
  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi();
    scenario = await seedScenario(api.t);
    // The custodian's status advice on the overdue transfer, through the worker's own command.
    await runWrite(api.t.writes, {
      op: 'settlement.run',
      command: {
        op: 'recordCustodianStatus',
        custodianReference: 'CUSTREF000000001',
        messageReference: 'MT548-0001',
        function: 'INST',
        status: 'MTCH//NMAT',
        reasonCode: 'CMIS',
        narrative: 'counterparty instruction missing',
      },
      meta: { actor: 'reconciler', at: '2026-02-20T08:00:00.000Z' },
    });
    browser = await launchChromium();
    ops = await WatchedPage.open(browser);
    await ops.page.goto(`${api.base}/admin/`);
    await ops.page.getByLabel('E-mail').fill('ops@example.com');
    await ops.page.getByLabel('Password').fill('ops-demo-password');
    await ops.page.getByRole('button', { name: 'Sign in' }).click();
    await ops.page.getByTestId('transfers-table').waitFor();
  }, 120_000);

  afterEach(() => {
    expect(ops.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('shows why a transfer is stuck: custodian status, age, time in status, deadline; filters by it', async () => {
    const health = ops.page.getByTestId('health-panel');
    await health.waitFor();
    expect(await health.textContent()).toContain('failing deliveries');
    expect(await health.textContent()).toContain('hooks.demo-fintech.example');

    await ops.page.locator('select[name=deadline]').selectOption('OVERDUE');
    await expect.poll(() => ops.page.url()).toContain('deadline=OVERDUE');
    await expect.poll(() => rows().count()).toBe(1);
    const row = rows().first();
    expect(await row.textContent()).toContain('OVERDUE-REF-1');
    expect(await row.getByTestId('custodian-status').textContent()).toBe('MTCH//NMAT CMIS');
    // Received and instructed 2026-02-01 10:00, the api's clock at 2026-03-02 09:00.
    expect(await row.getByTestId('age').textContent()).toBe('28 d 23 h old');
    expect(await row.getByTestId('in-status').textContent()).toBe('for 28 d 23 h');
    expect(await row.textContent()).toContain('Overdue');
    await ops.screenshot('21-why-stuck-list');

    await ops.page.locator('input[name=custodian]').fill('mtch//nmat');
    await ops.page.locator('input[name=custodian]').press('Enter');
    await expect.poll(() => ops.page.url()).toContain('custodian=mtch');
    await expect.poll(() => rows().count()).toBe(1);
    await ops.page.locator('select[name=deadline]').selectOption('AT_RISK');
    await ops.page.getByText('No transfers match these filters.').waitFor();

    await ops.page.goto(`${api.base}/admin/transfers/securities/${scenario.overdue}`);
    const why = ops.page.getByTestId('why-stuck');
    await why.waitFor();
    expect(await why.textContent()).toContain('processing for 28 d 23 h');
    expect(await why.textContent()).toContain('MTCH//NMAT CMIS – counterparty instruction missing');
    await ops.screenshot('22-why-stuck-detail');
  });

  it('finds a transfer by its custodian reference in the search box', async () => {
    await ops.page.goto(`${api.base}/admin/transfers`);
    await ops.page.getByLabel('Search transfers').fill('custref000000002');
    await ops.page.getByLabel('Search transfers').press('Enter');
    await expect.poll(() => ops.page.url()).toContain('q=custref000000002');
    const results = ops.page.locator('[data-testid=search-results] tbody tr');
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.first().textContent()).toContain('ATRISK-REF-1');
    expect(await results.first().textContent()).toContain('custodian reference');
    await ops.screenshot('23-search-custodian-reference');
    await results.first().click();
    await expect.poll(() => ops.page.url()).toContain(`/admin/transfers/securities/${scenario.atRisk}`);
  });

  it('exports the filtered view as CSV: exactly its rows, every column quoted safely', async () => {
    await ops.page.goto(`${api.base}/admin/transfers?direction=OUTGOING`);
    await expect.poll(() => rows().count()).toBe(3);
    const [download] = await Promise.all([
      ops.page.waitForEvent('download'),
      ops.page.getByTestId('export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^transfers-securities-\d+\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    const [header, ...records] = parseCsv(text);
    const column = (name: string) => (header ?? []).indexOf(name);
    expect(records.map((r) => r[column('id')]).sort()).toEqual(
      [scenario.overdue, scenario.atRisk, scenario.toCancel].sort(),
    );
    expect(new Set(records.map((r) => r[column('direction')]))).toEqual(new Set(['OUTGOING']));
    const overdue = records.find((r) => r[column('id')] === scenario.overdue) ?? [];
    expect(overdue[column('custodian_status')]).toBe('MTCH//NMAT');
    expect(overdue[column('settlement_reference')]).toBe('OVERDUE-REF-1');
    expect(overdue[column('deadline')]).toBe('OVERDUE');
  });

  it('cancels several transfers at once with one reason and audits each of them', async () => {
    const client = callerFor(api.t, {
      actor: {
        kind: 'client',
        tenantId: DEMO.tenant.id,
        clientId: DEMO.tenant.clientId,
        scopes: ['transfers:admin'],
      },
    });
    const ids: string[] = [];
    for (const ref of ['BULK-1', 'BULK-2', 'BULK-3']) {
      ids.push(
        (await client.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, settlement_reference: ref }))
          .id,
      );
    }
    await ops.page.goto(`${api.base}/admin/transfers?reference=BULK-`);
    await expect.poll(() => rows().count()).toBe(3);
    await ops.page.getByLabel('Select every row on this page').check();
    await ops.page.getByRole('button', { name: 'Cancel selected…' }).click();
    const dialog = ops.page.getByRole('dialog');
    await dialog.getByLabel(/Reason/).fill('duplicate batch from the client, ticket OPS-77');
    await ops.screenshot('24-bulk-cancel-dialog');
    await dialog.getByRole('button', { name: 'Cancel them (3)' }).click();
    await expect.poll(() => ops.page.getByTestId('bulk-report').textContent()).toContain('3 of 3 cancelled');
    for (const id of ids) {
      expect((await rowOf(api.t.db, id)).status).toBe('CANCELLED');
      const audit = (await historyOf(api.t.db, id)).filter((h) => h.actor === 'operator:ops@example.com');
      expect(audit).toEqual([
        expect.objectContaining({
          fromStatus: 'NEW',
          toStatus: 'CANCELLED',
          reasonCode: 'CANCELLED_BY_OPERATOR',
          reason: 'duplicate batch from the client, ticket OPS-77',
        }),
      ]);
    }
    await expect.poll(() => rows().first().textContent()).toContain('CANCELLED');
    await ops.screenshot('25-bulk-cancel-done');
  });
});
