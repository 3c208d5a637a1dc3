export type Route =
  | { name: 'transfers' }
  | { name: 'securities-transfer'; id: string }
  | { name: 'account-transfer'; id: string }
  | { name: 'deadlines' }
  | { name: 'breaks' }
  | { name: 'exceptions' }
  | { name: 'webhooks' }
  | { name: 'charts' }
  | { name: 'accounts' }
  | { name: 'account'; id: string }
  | { name: 'exception'; id: string }
  | { name: 'break'; id: string }
  | { name: 'approvals' }
  | { name: 'audit' }
  | { name: 'operators' }
  | { name: 'me' }
  | { name: 'not-found' };

export const BASE = '/admin';

export const paths = {
  transfers: (search = '') => `${BASE}/transfers${search}`,
  transfer: (kind: 'SECURITIES' | 'ACCOUNT', id: string) =>
    `${BASE}/transfers/${kind === 'SECURITIES' ? 'securities' : 'account'}/${encodeURIComponent(id)}`,
  deadlines: () => `${BASE}/deadlines`,
  breaks: () => `${BASE}/breaks`,
  exceptions: () => `${BASE}/exceptions`,
  webhooks: (search = '') => `${BASE}/webhooks${search}`,
  charts: (search = '') => `${BASE}/charts${search}`,
  accounts: (search = '') => `${BASE}/accounts${search}`,
  account: (id: string) => `${BASE}/accounts/${encodeURIComponent(id)}`,
  exception: (id: string) => `${BASE}/exceptions/${encodeURIComponent(id)}`,
  break: (id: string) => `${BASE}/breaks/${encodeURIComponent(id)}`,
  approvals: (search = '') => `${BASE}/approvals${search}`,
  audit: (search = '') => `${BASE}/audit${search}`,
  operators: () => `${BASE}/operators`,
  me: () => `${BASE}/me`,
};

export function matchRoute(pathname: string): Route {
  const parts = pathname
    .replace(/^\/admin\/?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
  const [first, second, third] = parts;
  if (parts.length === 0 || (first === 'transfers' && parts.length === 1)) return { name: 'transfers' };
  if (first === 'transfers' && third && parts.length === 3) {
    if (second === 'securities') return { name: 'securities-transfer', id: third };
    if (second === 'account') return { name: 'account-transfer', id: third };
  }
  if (parts.length === 1 && first === 'deadlines') return { name: 'deadlines' };
  if (parts.length === 1 && first === 'breaks') return { name: 'breaks' };
  if (parts.length === 1 && first === 'exceptions') return { name: 'exceptions' };
  if (parts.length === 1 && first === 'webhooks') return { name: 'webhooks' };
  if (parts.length === 1 && first === 'charts') return { name: 'charts' };
  if (first === 'accounts' && parts.length === 1) return { name: 'accounts' };
  if (first === 'accounts' && second && parts.length === 2) return { name: 'account', id: second };
  if (first === 'exceptions' && second && parts.length === 2) return { name: 'exception', id: second };
  if (first === 'breaks' && second && parts.length === 2) return { name: 'break', id: second };
  if (parts.length === 1 && first === 'approvals') return { name: 'approvals' };
  if (parts.length === 1 && first === 'audit') return { name: 'audit' };
  if (parts.length === 1 && first === 'operators') return { name: 'operators' };
  if (parts.length === 1 && first === 'me') return { name: 'me' };
  return { name: 'not-found' };
}
