import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, WatchedPage } from './support/browser.js';
import { ADMIN_ROOT, ensureConsoleBuilt } from './support/console-build.js';
import { signIn } from './support/sign-in.js';

// A live deployment's first day: the api process started with DEMO_DATA=0 on a
// fresh SQLite file has no operator at all; the command line creates the first
// admin, who signs in through the console in a real headless Chromium.

const API_ROOT = join(ADMIN_ROOT, '..', 'api');
const PASSWORD = 'cobalt-orchard-pilot-19';

describe('the first admin on a database without demo data (real api process, headless Chromium)', () => {
  let dir: string;
  let api: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: WatchedPage;
  const env = () => ({ ...process.env, DATABASE_PATH: join(dir, 'live.sqlite'), DEMO_DATA: '0' });

  beforeAll(async () => {
    await ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'tbo-first-admin-'));
    api = spawn(process.execPath, ['--conditions=@tbo/source', '--import', 'tsx', 'src/server.ts'], {
      cwd: API_ROOT,
      env: { ...env(), PORT: '0', HOST: '127.0.0.1', WEBHOOKS_DISPATCHER: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    api.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      api.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.includes('"api listening"'));
        if (!line) return;
        const listening = JSON.parse(line) as { url: string; live: boolean; four_eyes: boolean };
        // The sandbox default: four eyes follows LIVE_MODE.
        if (listening.live || listening.four_eyes) reject(new Error(`unexpected switches: ${line}`));
        resolve(listening.url);
      });
      api.once('exit', (code) => reject(new Error(`api exited with ${code}: ${stderr}`)));
    });
    browser = await launchChromium();
    page = await WatchedPage.open(browser);
  }, 120_000);

  afterEach(() => {
    expect(page.errors.splice(0), 'the page logged console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no operator to sign in with: not even the demo ones', async () => {
    await page.page.goto(`${base}/admin/`);
    page.expectError({ url: /\/admin\/api\/login$/, status: 401 });
    await page.page.getByLabel('E-mail').fill('ops@example.com');
    await page.page.getByLabel('Password').fill('ops-demo-password');
    await page.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.page.getByRole('alert').textContent()).toContain('wrong e-mail or password');
  });

  it('the command line creates the first admin, who signs in and manages operators', async () => {
    const created = spawnSync(
      process.execPath,
      [
        '--conditions=@tbo/source',
        '--import',
        'tsx',
        'src/cli/create-admin.ts',
        '--email',
        'head.ops@broker.example',
        '--name',
        'Head of Operations',
      ],
      { cwd: API_ROOT, env: env(), input: `${PASSWORD}\n`, encoding: 'utf8' },
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);

    await signIn(page, base, 'head.ops@broker.example', PASSWORD);
    await page.page.getByRole('link', { name: 'Operators' }).click();
    const row = page.page.getByRole('row', { name: 'Operator head.ops@broker.example' });
    await row.getByText('admin', { exact: true }).waitFor();
    expect(await page.page.getByTestId('operators-table').locator('tbody tr').count()).toBe(1);
    await page.screenshot('first-admin-01-signed-in');
  });
});
