// The API reference in a real Chromium with every request off this machine
// refused: the page, its renderer and the document all come from the api, and
// the create example of POST /securities_transfers is the source documents' own.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeedExamples } from '../../../packages/contracts/test/seed-examples.js';
import { launchChromium, WatchedPage } from '../../admin/e2e/support/browser.js';
import { type HttpApp, startHttpApp } from './http-harness.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function seed(where: string): unknown {
  const found = readSeedExamples().find((e) => `${e.file}:${e.line}` === where);
  if (!found) throw new Error(`no seed example at ${where}`);
  return found.value;
}

describe('API reference page (Chromium, network off)', () => {
  let app: HttpApp;
  let browser: Browser;
  let watched: WatchedPage;
  const requested: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    app = await startHttpApp();
    browser = await launchChromium();
    watched = await WatchedPage.open(browser);
    watched.context.on('request', (request) => requested.push(request.url()));
    await watched.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK.has(url.hostname)) return route.continue();
      refused.push(url.href);
      return route.abort('internetdisconnected');
    });
    await watched.page.goto(`${app.baseUrl}/docs`);
    await watched.page.waitForSelector('#operations-Securities_transfers-create_securities_transfers');
  }, 60_000);

  afterAll(async () => {
    await watched?.close();
    await browser?.close();
    await app?.close();
  });

  it('shows the seed examples of POST /securities_transfers: both requests and the created transfer', async () => {
    const page = watched.page;
    const operation = page.locator('#operations-Securities_transfers-create_securities_transfers');
    await operation.locator('.opblock-summary').click();
    const requestExample = operation.locator('.opblock-section-request-body .body-param__example');
    await requestExample.waitFor();
    expect(JSON.parse((await requestExample.textContent()) ?? '')).toEqual(
      seed('004_6259821da05fb747.txt:276'),
    );

    await operation
      .locator('.opblock-section-request-body .examples-select-element')
      .selectOption({ label: 'Outgoing transfer' });
    await expect
      .poll(async () => JSON.parse((await requestExample.textContent()) ?? ''))
      .toEqual(seed('003_9e66f2949bc0231c.txt:20'));

    const responseExample = operation.locator('tr.response[data-code="200"] .example.microlight').first();
    expect(JSON.parse((await responseExample.textContent()) ?? '')).toEqual(
      seed('004_6259821da05fb747.txt:296'),
    );
    await watched.screenshot('api-reference-create-securities-transfer');
  });

  it('documents the webhook events, with the seed event as the NEW delivery', async () => {
    const page = watched.page;
    const event = page.locator('#operations-webhooks-webhook_securities_transfer_new');
    await event.locator('.opblock-summary').click();
    const example = event.locator('.body-param__example');
    await example.waitFor();
    expect(JSON.parse((await example.textContent()) ?? '')).toEqual({
      payload: [seed('004_6259821da05fb747.txt:511')],
    });
    expect(await page.locator('[id^="operations-webhooks-webhook_"]').count()).toBe(10);
  });

  it('navigates by section and filters by tag', async () => {
    const page = watched.page;
    const sections = await page.locator('.opblock-tag').allInnerTexts();
    expect(sections.map((text) => text.split('\n')[0]?.trim())).toEqual(
      expect.arrayContaining(['Authentication', 'Securities transfers', 'Account transfers', 'Webhooks']),
    );
    await page.locator('.operation-filter-input').fill('Account');
    await page.locator('#operations-Account_transfers-create_account_transfers').waitFor();
    await expect
      .poll(() => page.locator('#operations-Securities_transfers-create_securities_transfers').count())
      .toBe(0);
    await page.locator('.operation-filter-input').fill('');
  });

  it('loaded everything from the api itself and attempted nothing outside', () => {
    expect(refused).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    for (const url of requested) expect(url.startsWith(`${app.baseUrl}/`)).toBe(true);
    expect(requested).toEqual(
      expect.arrayContaining([
        `${app.baseUrl}/docs`,
        `${app.baseUrl}/openapi.json`,
        `${app.baseUrl}/docs/init.js`,
        expect.stringMatching(/\/docs\/assets\/[\d.]+\/swagger-ui-bundle\.js$/),
      ]),
    );
    expect(watched.errors).toEqual([]);
  });
});
