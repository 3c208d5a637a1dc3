import type { IncomingMessage } from 'node:http';
import type { Mount } from '../app.js';
import { createContextInner, type ServiceConfig } from '../context.js';
import type { Db } from '../db/client.js';
import { AppError } from '../domain/errors.js';
import { asAppError } from '../domain/problem.js';
import { type AuthConfig, firstHeader, resolveActor } from '../http/auth-context.js';
import { sendJson, sendProblem } from '../http/respond.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { matchRestRoute, type RestRoute, webhookRestRoutes } from './rest-routes.js';

const MAX_BODY_BYTES = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `the body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'the body is not valid JSON');
  }
}

export interface RestMountOptions {
  db: Db;
  clock?: Clock;
  service?: Partial<ServiceConfig>;
  auth?: Partial<AuthConfig>;
  routes?: readonly RestRoute[];
}

/**
 * A thin mount of the webhooks REST routes: bearer auth through the api's
 * actor resolution, JSON in and out, problem+json errors. It does not check
 * request signatures – the REST edge does, when it mounts the same table.
 */
export function webhooksRestMount(options: RestMountOptions): Mount {
  const clock = options.clock ?? systemClock;
  const routes = options.routes ?? webhookRestRoutes;
  const auth: AuthConfig = { internalToken: options.auth?.internalToken };
  return async (req, res, requestId) => {
    const url = new URL(req.url ?? '/', 'http://api.invalid');
    if (url.pathname !== '/webhooks' && !url.pathname.startsWith('/webhooks/')) return false;
    const match = matchRestRoute(routes, req.method ?? 'GET', url.pathname);
    if (match === undefined) return false;
    try {
      if ('allowed' in match) {
        throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`, {
          headers: { allow: match.allowed.join(', ') },
        });
      }
      const { actor, authError } = resolveActor(options.db, req, auth, clock.now());
      const idempotencyKey = firstHeader(req, 'idempotency-key');
      const ctx = createContextInner({
        db: options.db,
        clock,
        actor,
        config: options.service ?? {},
        requestId,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        ...(authError !== undefined ? { authError } : {}),
        setHeader: (name, value) => res.setHeader(name, value),
      });
      const body = req.method === 'POST' || req.method === 'PATCH' ? await readJson(req) : undefined;
      const result = await match.route.handler(ctx, match.params, url.searchParams, body);
      if (result.body === undefined) {
        res.writeHead(result.status);
        res.end();
      } else sendJson(res, result.status, result.body);
    } catch (error) {
      sendProblem(res, asAppError(error), requestId, url.pathname);
    }
    return true;
  };
}
