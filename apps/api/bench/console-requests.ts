import type { LoadRequest } from './load.js';

// The console's own requests, as the browser sends them: tRPC GETs with the
// operator's session cookie.

/** Signs the demo operator in (as the console does) and returns its session cookie. */
export async function operatorCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'bench' },
    body: JSON.stringify({ email: 'ops@example.com', password: 'ops-demo-password' }),
  });
  if (res.status !== 200) throw new Error(`operator login answered ${res.status}: ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export function consoleQuery(cookie: string, procedure: string, input?: unknown): LoadRequest {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return {
    method: 'GET',
    path: `/trpc/${procedure}${query}`,
    headers: { accept: 'application/json', cookie, 'x-requested-with': 'tbo-admin' },
  };
}

/** The transfers page as it first opens: securities transfers, newest first, 25 rows, with its counts. */
export const DEFAULT_PAGE = { kind: 'SECURITIES', limit: 25 } as const;
