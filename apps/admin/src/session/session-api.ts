import { SessionError } from '../lib/errors.js';

export interface Operator {
  email: string;
  name: string;
  role: 'viewer' | 'operator' | 'admin';
  totp_enabled: boolean;
}

export interface Session {
  operator: Operator;
  csrf_token: string;
  expires_at: string;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-requested-with': 'tbo-admin' };

async function problemOf(res: Response): Promise<SessionError> {
  let detail = res.statusText;
  try {
    const body = (await res.json()) as { detail?: string };
    if (body.detail) detail = body.detail;
  } catch {
    // not JSON: keep the status text
  }
  return new SessionError(res.status, detail);
}

/** The current session, or null when signed out (204). */
export async function fetchSession(): Promise<Session | null> {
  const res = await fetch('/admin/api/session', { credentials: 'include' });
  if (res.status === 204 || res.status === 401) return null;
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as Session;
}

export async function login(email: string, password: string, totpCode = ''): Promise<Session> {
  const res = await fetch('/admin/api/login', {
    method: 'POST',
    credentials: 'include',
    headers: JSON_HEADERS,
    body: JSON.stringify({ email, password, ...(totpCode === '' ? {} : { totp_code: totpCode }) }),
  });
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as Session;
}

export async function logout(csrfToken: string): Promise<void> {
  const res = await fetch('/admin/api/logout', {
    method: 'POST',
    credentials: 'include',
    headers: { ...JSON_HEADERS, 'x-csrf-token': csrfToken },
  });
  if (!res.ok && res.status !== 401) throw await problemOf(res);
}
