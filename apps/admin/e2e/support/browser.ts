import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ADMIN_ROOT } from './console-build.js';

export const SCREENSHOTS = join(ADMIN_ROOT, '..', '..', 'artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** An allowed console error: a response the test provokes on purpose (URL and status). */
export interface ExpectedError {
  url: RegExp;
  status: number;
}

/**
 * A page at 1280×800 that records every console error and uncaught
 * exception; `expectError` allows one provoked failure response.
 */
export class WatchedPage {
  readonly errors: string[] = [];
  private allowed: ExpectedError[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const url = message.location().url;
      const index = this.allowed.findIndex(
        (a) => a.url.test(url) && message.text().includes(`status of ${a.status}`),
      );
      if (index >= 0) this.allowed.splice(index, 1);
      else this.errors.push(`${message.text()} (${url})`);
    });
    page.on('pageerror', (error) => this.errors.push(`uncaught: ${error.message}`));
  }

  /** `options` override the context, e.g. a 1280×720 viewport or the operator's time zone. */
  static async open(
    browser: Browser,
    options: { viewport?: { width: number; height: number }; timezoneId?: string } = {},
  ): Promise<WatchedPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    return new WatchedPage(context, await context.newPage());
  }

  expectError(expected: ExpectedError): void {
    this.allowed.push(expected);
  }

  async screenshot(name: string, fullPage = true): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
