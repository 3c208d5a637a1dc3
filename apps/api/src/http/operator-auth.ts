import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { TLSSocket } from 'node:tls';
import type { Actor } from '../context.js';
import type { Db } from '../db/client.js';
import { AppError } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import { constantTimeEqual } from '../lib/secrets.js';
import { LoginThrottle } from '../services/admin/login-throttle.js';
import {
  checkOperatorPassword,
  findOperatorSession,
  newSessionSecrets,
  type OperatorSession,
  sessionTokenHash,
} from '../services/admin/operator-sessions.js';
import { runWrite, type WritePort } from '../services/write/port.js';
import { type OriginPolicy, originAllowed } from './allowed-origins.js';
import { recordOf } from './request-record.js';
import { sendJson, sendProblem } from './respond.js';

export const SESSION_COOKIE = 'tbo_admin_session';
export const CSRF_HEADER = 'x-csrf-token';
export const REQUESTED_WITH_HEADER = 'x-requested-with';

/**
 * A refused login (throttled, or the hashing pool full) is answered after a
 * second, its earliest retry: a client that loops on refusals – a flood –
 * then sends one request per connection per second, and each costs the
 * event loop a timer instead of a thousand answers a second.
 */
const REFUSAL_DELAY_MS = 1_000;

export interface OperatorAuthOptions {
  /** `Secure` on the session cookie: always, never, or when the request came over https. */
  cookieSecure: boolean | 'auto';
  /** Where the console is served from: its Origin header must be one of these. */
  origins: OriginPolicy;
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sessionTokenOf(req: IncomingMessage): string | undefined {
  for (const part of (headerOf(req, 'cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    const value = rest.join('=');
    try {
      return decodeURIComponent(value);
    } catch {
      // Not one we set: it matches no session, like any other unknown token.
      return value;
    }
  }
  return undefined;
}

/** The peer's address: a proxy in front must be trusted explicitly before any header may say otherwise. */
function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function isHttps(req: IncomingMessage): boolean {
  return (
    (req.socket as Partial<TLSSocket>).encrypted === true || headerOf(req, 'x-forwarded-proto') === 'https'
  );
}

function sessionCookie(req: IncomingMessage, options: OperatorAuthOptions, value: string, maxAge: number) {
  const secure = options.cookieSecure === 'auto' ? isHttps(req) : options.cookieSecure;
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * The operator behind the session cookie, for the tRPC context. Writes (POST)
 * additionally need the session's CSRF token in `x-csrf-token` and, when the
 * browser sent one, a configured Origin (allowed-origins.ts). Undefined when there is no cookie.
 */
export async function resolveOperator(
  db: Db,
  req: IncomingMessage,
  now: Date,
  origins: OriginPolicy,
): Promise<{ actor: Actor; authError?: AppError } | undefined> {
  const token = sessionTokenOf(req);
  if (token === undefined) return undefined;
  const session = await findOperatorSession(db, token, now);
  if (!session) {
    return {
      actor: { kind: 'anonymous' },
      authError: new AppError('UNAUTHENTICATED', 'your session has expired; please sign in again'),
    };
  }
  const { operator } = session;
  const actor: Actor = {
    kind: 'operator',
    operatorId: operator.id,
    email: operator.email,
    role: operator.role,
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const sent = headerOf(req, CSRF_HEADER) ?? '';
    if (!constantTimeEqual(sent, session.csrfToken) || !originAllowed(origins, req)) {
      return {
        actor: { kind: 'anonymous' },
        authError: new AppError('FORBIDDEN', 'missing or wrong x-csrf-token, or a foreign Origin'),
      };
    }
  }
  return { actor };
}

/** The request log line names the operator (by id: no e-mail in the logs). */
function noteOperator(req: IncomingMessage, session: OperatorSession): void {
  const { operator } = session;
  recordOf(req).actor = {
    kind: 'operator',
    operatorId: operator.id,
    email: operator.email,
    role: operator.role,
  };
}

async function readJson(req: IncomingMessage, limit = 8192): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AppError('PAYLOAD_TOO_LARGE', `the body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'the body is not JSON');
  }
}

function sessionBody(session: OperatorSession) {
  const { id: _id, totpEnabled, ...operator } = session.operator;
  return {
    operator: { ...operator, totp_enabled: totpEnabled },
    csrf_token: session.csrfToken,
    expires_at: session.expiresAt,
  };
}

/**
 * Checks e-mail and password on a read (scrypt, outside any transaction),
 * then opens the session through the write port, where a second factor's
 * code is checked and consumed. Undefined when refused.
 */
async function login(
  db: Db,
  writes: WritePort,
  credentials: { email: string; password: string; totpCode: string | undefined },
  now: Date,
): Promise<{ token: string; session: OperatorSession } | undefined> {
  const operatorId = await checkOperatorPassword(db, credentials.email, credentials.password);
  if (operatorId === undefined) return undefined;
  const { token, tokenHash, csrfToken, expiresAt } = newSessionSecrets(now);
  const operator = await runWrite(writes, {
    op: 'console.session.open',
    operatorId,
    tokenHash,
    csrfToken,
    at: now.toISOString(),
    expiresAt,
    totpCode: credentials.totpCode,
  });
  return operator ? { token, session: { operator, csrfToken, expiresAt } } : undefined;
}

/**
 * `/admin/api/login`, `/admin/api/logout`, `/admin/api/session`: the console's
 * cookie session. Login and logout need `x-requested-with` (a custom header
 * a foreign page cannot send without a CORS preflight, which is never
 * granted) and a same-host Origin.
 */
export function operatorAuthMount(db: Db, writes: WritePort, clock: Clock, options: OperatorAuthOptions) {
  // Failed sign-ins are counted in the database: every api instance sees them (login-throttle.ts).
  const throttle = new LoginThrottle(db, writes);
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/admin/api/login' && path !== '/admin/api/logout' && path !== '/admin/api/session') {
      return false;
    }
    res.setHeader('cache-control', 'no-store');
    const now = clock.now();
    if (path === '/admin/api/session') {
      if (req.method !== 'GET') throw new AppError('METHOD_NOT_ALLOWED', 'use GET');
      const token = sessionTokenOf(req);
      const session = token === undefined ? undefined : await findOperatorSession(db, token, now);
      // Signed out is an answer, not an error: 204, so the console's first load logs nothing.
      if (!session) res.writeHead(204).end();
      else {
        noteOperator(req, session);
        sendJson(res, 200, sessionBody(session));
      }
      return true;
    }
    if (req.method !== 'POST') throw new AppError('METHOD_NOT_ALLOWED', 'use POST');
    if (headerOf(req, REQUESTED_WITH_HEADER) === undefined || !originAllowed(options.origins, req)) {
      throw new AppError('FORBIDDEN', "x-requested-with is required and the Origin must be the console's");
    }
    if (path === '/admin/api/logout') {
      const token = sessionTokenOf(req);
      const session = token === undefined ? undefined : await findOperatorSession(db, token, now);
      if (token !== undefined && session) {
        if (!constantTimeEqual(headerOf(req, CSRF_HEADER) ?? '', session.csrfToken)) {
          throw new AppError('FORBIDDEN', 'missing or wrong x-csrf-token');
        }
        await runWrite(writes, { op: 'console.session.close', tokenHash: sessionTokenHash(token) });
      }
      res.setHeader('set-cookie', sessionCookie(req, options, '', 0));
      res.writeHead(204).end();
      return true;
    }
    const body = await readJson(req);
    const email = typeof body === 'object' && body && 'email' in body ? body.email : undefined;
    const password = typeof body === 'object' && body && 'password' in body ? body.password : undefined;
    const code = typeof body === 'object' && body && 'totp_code' in body ? body.totp_code : undefined;
    if (typeof email !== 'string' || typeof password !== 'string' || email.length > 254) {
      throw new AppError('VALIDATION_FAILED', 'email and password are required strings');
    }
    if (code !== undefined && code !== '' && (typeof code !== 'string' || !/^[0-9]{6}$/.test(code))) {
      throw new AppError('VALIDATION_FAILED', 'totp_code must be the 6 digits of the authenticator app', {
        invalidParams: [{ name: 'totp_code', reason: 'must be 6 digits' }],
      });
    }
    const attempt = await throttle.admit(email.trim().toLowerCase(), clientAddress(req), now.getTime());
    if ('retryAfterSeconds' in attempt) {
      await delay(REFUSAL_DELAY_MS);
      throw new AppError('RATE_LIMITED', 'too many failed sign-ins; try again later', {
        headers: { 'retry-after': String(attempt.retryAfterSeconds) },
      });
    }
    let result: Awaited<ReturnType<typeof login>>;
    try {
      result = await login(db, writes, { email, password, totpCode: code === '' ? undefined : code }, now);
    } catch (error) {
      attempt.release();
      // The hashing pool was full: refused like a throttled attempt.
      if (error instanceof AppError && error.code === 'UNAVAILABLE') await delay(REFUSAL_DELAY_MS);
      throw error;
    }
    if (!result) {
      // Written before the answer: the next guess, at whichever instance, counts it.
      await attempt.fail();
      sendProblem(
        res,
        new AppError(
          'UNAUTHENTICATED',
          'wrong e-mail or password, or a missing or wrong authentication code',
        ),
        requestId,
      );
      return true;
    }
    await attempt.succeed();
    noteOperator(req, result.session);
    const maxAge = Math.floor((Date.parse(result.session.expiresAt) - now.getTime()) / 1000);
    res.setHeader('set-cookie', sessionCookie(req, options, result.token, maxAge));
    sendJson(res, 200, sessionBody(result.session));
    return true;
  };
}
