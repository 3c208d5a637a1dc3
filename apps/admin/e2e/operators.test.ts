import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../api/test/inspect.js';
import { type RunningApi, startApi } from './support/api-server.js';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ensureConsoleBuilt } from './support/console-build.js';
import { signIn } from './support/sign-in.js';

// Operator management in a real headless Chromium against the real api: an admin
// creates an operator who signs in, enrols an authenticator (oathtool plays the
// app), signs in with a code, and loses the session the moment the admin disables them.

const PASSWORD = 'quartz-lantern-ferry-73';

/** The code an authenticator app shows for the secret at the api's clock (oathtool: not our code). */
function appCode(secret: string, at: Date): string {
  return execFileSync(
    '/usr/bin/oathtool',
    ['--totp=SHA1', '--base32', '--digits=6', `--now=@${Math.floor(at.getTime() / 1000)}`, secret],
    { encoding: 'utf8' },
  ).trim();
}

describe('operators managed in the console (headless Chromium, real api)', () => {
  let api: RunningApi;
  let browser: Browser;
  let admin: WatchedPage;
  let nina: WatchedPage;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    api = await startApi();
    browser = await launchChromium();
    admin = await WatchedPage.open(browser);
    nina = await WatchedPage.open(browser);
  }, 120_000);

  afterEach(() => {
    for (const page of [admin, nina])
      expect(page.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('an admin creates an operator, who signs in; an operator sees no operator management', async () => {
    await signIn(admin, api.base, 'admin@example.com', 'admin-demo-password');
    await admin.page.getByRole('link', { name: 'Operators' }).click();
    const form = admin.page.getByRole('form', { name: 'New operator' });
    await form.getByLabel('E-mail').fill('nina@broker.example');
    await form.getByLabel('Name').fill('Nina Nowak');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByLabel(/Initial password/).fill('short');
    admin.expectError({ url: /admin\.operators\.create/, status: 400 });
    await form.getByRole('button', { name: 'Create operator' }).click();
    await form.getByText('password must be at least 12 characters').waitFor();
    await form.getByLabel(/Initial password/).fill(PASSWORD);
    await form.getByRole('button', { name: 'Create operator' }).click();
    await form.getByText('nina@broker.example can sign in now').waitFor();
    await admin.page.getByRole('row', { name: 'Operator nina@broker.example' }).waitFor();
    await admin.screenshot('operators-01-created');

    await signIn(nina, api.base, 'nina@broker.example', PASSWORD);
    expect(await nina.page.getByRole('link', { name: 'Operators' }).count()).toBe(0);
    await nina.screenshot('operators-02-new-operator-signed-in');
  });

  it('the operator enrols an authenticator and then needs its code to sign in', async () => {
    await nina.page.getByTestId('operator-email').click();
    await nina.page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const uri = (await nina.page.getByTestId('otpauth-uri').textContent()) ?? '';
    expect(uri).toMatch(
      /^otpauth:\/\/totp\/Transfers%20back%20office:nina%40broker\.example\?secret=[A-Z2-7]+&/,
    );
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    await nina.screenshot('operators-03-totp-enrolment');
    await nina.page.getByLabel('Code from the app').fill(appCode(secret, api.t.clock.now()));
    await nina.page.getByRole('button', { name: 'Confirm and turn on' }).click();
    await nina.page.getByText('authenticator app (TOTP)').waitFor();

    await nina.page.getByRole('button', { name: 'Sign out' }).click();
    await nina.page.getByRole('heading', { name: 'Sign in to the operations console' }).waitFor();
    // The password alone is no longer enough.
    nina.expectError({ url: /\/admin\/api\/login$/, status: 401 });
    await nina.page.getByLabel('E-mail').fill('nina@broker.example');
    await nina.page.getByLabel('Password').fill(PASSWORD);
    await nina.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => nina.page.getByRole('alert').textContent()).toContain('authentication code');
    // The next 30-second step: a code that was never used.
    api.t.clock.set(new Date(api.t.clock.now().getTime() + 30_000));
    await signIn(nina, api.base, 'nina@broker.example', PASSWORD, appCode(secret, api.t.clock.now()));
  });

  it('disabling the operator ends their session at once', async () => {
    await admin.page.reload();
    const row = admin.page.getByRole('row', { name: 'Operator nina@broker.example' });
    await row.getByText('TOTP').waitFor();
    await row.getByRole('button', { name: 'Disable…' }).click();
    await admin.page.getByLabel(/Reason/).fill('left the settlement desk');
    await admin.page.getByRole('dialog').getByRole('button', { name: 'Disable operator' }).click();
    await row.getByText(/^disabled /).waitFor();
    await admin.screenshot('operators-04-disabled');

    for (let i = 0; i < 3; i++) nina.expectError({ url: /\/trpc\//, status: 401 });
    await nina.page.getByRole('link', { name: 'Deadlines' }).click();
    await nina.page.getByRole('heading', { name: 'Sign in to the operations console' }).waitFor();
    await nina.screenshot('operators-05-session-ended');
    const log = await sqlRows(
      api.t.db,
      "SELECT actor, action, reason FROM operator_audit WHERE action LIKE 'operator.%' ORDER BY at, id",
    );
    expect(log).toEqual([
      { actor: 'operator:admin@example.com', action: 'operator.create', reason: null },
      { actor: 'operator:nina@broker.example', action: 'operator.totp.enable', reason: null },
      { actor: 'operator:admin@example.com', action: 'operator.disable', reason: 'left the settlement desk' },
    ]);
  });
});
