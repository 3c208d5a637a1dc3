import type { WatchedPage } from './browser.js';

/** Signs in through the console's login form and waits for the signed-in shell. */
export async function signIn(page: WatchedPage, base: string, email: string, password: string, code = '') {
  await page.page.goto(`${base}/admin/`);
  await page.page.getByLabel('E-mail').fill(email);
  await page.page.getByLabel('Password').fill(password);
  if (code !== '') await page.page.getByLabel(/Authentication code/).fill(code);
  await page.page.getByRole('button', { name: 'Sign in' }).click();
  await page.page.getByTestId('operator-email').filter({ hasText: email }).waitFor();
}
