import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceConfig } from '../../context.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../domain/errors.js';
import { asAppError } from '../../domain/problem.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import type { WritePort } from '../../services/write/port.js';
import type { Mount } from '../mount.js';
import { readBody } from '../read-body.js';
import { noteFailure, recordOf } from '../request-record.js';
import { sendJsonText, sendProblem } from '../respond.js';
import { DEFAULT_REST_CONFIG, type Edge, type RestConfig } from './edge-config.js';
import { requireApiVersion, requireJsonAccepted } from './negotiation.js';
import { servePage } from './pages.js';
import type { RestRoute } from './procedure-route.js';
import { RateLimiter } from './rate-limiter.js';
import { headerOf, receivedRequest, splitTarget } from './received-request.js';
import { matchRestPath, type PathMatch, type RestMethod } from './route-match.js';
import { REST_ROUTES } from './route-table.js';

export interface EdgeOptions {
  db: Db;
  writes: WritePort;
  clock?: Clock;
  service?: Partial<ServiceConfig>;
  rest?: Partial<RestConfig>;
}

/** The client edge's shared state: one rate limiter for both doors a tenant may use (REST and /trpc). */
export function createEdge(options: EdgeOptions): Edge {
  return {
    db: options.db,
    writes: options.writes,
    clock: options.clock ?? systemClock,
    service: options.service ?? {},
    config: { ...DEFAULT_REST_CONFIG, ...options.rest },
    limiter: new RateLimiter(),
  };
}

async function answer(
  edge: Edge,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  target: { path: string; query: string },
  path: PathMatch<RestRoute>,
): Promise<void> {
  const method = req.method ?? 'GET';
  const match = path.byMethod[method as RestMethod];
  if (match === undefined) {
    throw new AppError('METHOD_NOT_ALLOWED', `${method.slice(0, 20)} is not allowed on ${target.path}`, {
      headers: { allow: path.allowed.join(', ') },
    });
  }
  requireJsonAccepted(headerOf(req, 'accept'));
  requireApiVersion(headerOf(req, 'upvest-api-version'));
  const body = await readBody(req, edge.config.maxBodyBytes);
  const request = receivedRequest(req, target, body, requestId, edge.clock.now());
  const result = await match.route.handle(edge, request, match.params);
  if (result.text !== undefined) sendJsonText(res, result.status, result.text, result.headers);
  else res.writeHead(result.status, result.headers).end();
}

/**
 * The client-facing REST edge (the paths of `REST_ROUTES`), plus /openapi.json, /docs and /problems/<type>. Every failure is answered as problem+json.
 */
export function createRestMount(edge: Edge): Mount {
  return async (req, res, requestId) => {
    const target = splitTarget(req.url ?? '/');
    const path = matchRestPath(REST_ROUTES, target.path);
    try {
      if (path === undefined) return servePage(req, res, target.path);
      await answer(edge, req, res, requestId, target, path);
    } catch (error) {
      const problem = asAppError(error);
      if (problem.status >= 500) noteFailure(recordOf(req, requestId), error);
      if (res.headersSent) res.destroy();
      else sendProblem(res, problem, requestId);
    }
    return true;
  };
}
