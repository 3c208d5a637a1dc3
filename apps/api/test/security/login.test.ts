import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Served, serve, tally } from './serve.js';

const OPERATOR = 'ops@example.com';
const PASSWORD = 'ops-demo-password';

describe('hole: the login lockout could be raced, and logins had no cap', () => {
  let app: Served;
  beforeEach(async () => {
    app = await serve();
  });
  afterEach(() => app.close());

  function login(email: string, password: string): Promise<Response> {
    return fetch(`${app.base}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
      body: JSON.stringify({ email, password }),
    });
  }

  it('checks at most 5 of 30 wrong passwords sent at once; the rest are 429 with retry-after', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => login(OPERATOR, 'wrong')));
    expect(tally(answers.map((a) => a.status))).toEqual({ 401: 5, 429: 25 });
    const refused = answers.find((a) => a.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets no more than 5 of 19 wrong + 1 right passwords sent at once be checked', async () => {
    const guesses = Array.from({ length: 19 }, () => login(OPERATOR, 'wrong'));
    const answers = await Promise.all([...guesses, login(OPERATOR, PASSWORD)]);
    const checked = answers.filter((a) => a.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(15);
  });

  it('throttles one address guessing many accounts, unknown ones included', async () => {
    const statuses: number[] = [];
    for (let wave = 0; wave < 7; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) => login(`nobody-${wave}-${i}@example.com`, 'wrong')),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    // 30 failures per address and window, whatever the accounts.
    expect(tally(statuses)).toEqual({ 401: 30, 429: 5 });
  });
});
