import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Mount } from '../../app.js';
import type { ServiceConfig } from '../../context.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../domain/errors.js';
import { asAppError } from '../../domain/problem.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import { readBody } from '../read-body.js';
import { noteFailure, recordOf } from '../request-record.js';
import { sendJsonText, sendProblem } from '../respond.js';
import { DEFAULT_REST_CONFIG, type Edge, type RestConfig } from './edge-config.js';
import { requireApiVersion, requireJsonAccepted } from './negotiation.js';
import { servePage } from './pages.js';
import { RateLimiter } from './rate-limiter.js';
import { headerOf, receivedRequest, splitTarget } from './received-request.js';
import { type MatchedRoute, matchRoute } from './routes.js';
import { tokenEndpoint } from './token-endpoint.js';
import { transferHandler } from './transfer-handler.js';
import { webhookHandler } from './webhook-handler.js';

export interface EdgeOptions {
  db: Db;
  clock?: Clock;
  service?: Partial<ServiceConfig>;
  rest?: Partial<RestConfig>;
}

/** The client edge's shared state: one rate limiter for both doors a tenant may use (REST and /trpc). */
export function createEdge(options: EdgeOptions): Edge {
  return {
    db: options.db,
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
  route: MatchedRoute,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (!route.allowed.includes(method)) {
    throw new AppError('METHOD_NOT_ALLOWED', `${method.slice(0, 20)} is not allowed on ${target.path}`, {
      headers: { allow: route.allowed.join(', ') },
    });
  }
  requireJsonAccepted(headerOf(req, 'accept'));
  requireApiVersion(headerOf(req, 'upvest-api-version'));
  const body = await readBody(req, edge.config.maxBodyBytes);
  const request = receivedRequest(req, target, body, requestId, edge.clock.now());
  if (route.kind === 'webhook') {
    const result = await webhookHandler(edge, request, route.path);
    if (result.text !== undefined) sendJsonText(res, result.status, result.text, result.headers);
    else res.writeHead(result.status, result.headers).end();
    return;
  }
  const result =
    route.kind === 'token' ? await tokenEndpoint(edge, request) : await transferHandler(edge, request, route);
  sendJsonText(res, 200, result.text, result.headers);
}

/**
 * The client-facing REST edge (the Upvest-style transfer paths and the
 * webhooks route table), plus /openapi.json, /docs and /problems/<type>. Every failure is answered as problem+json.
 */
export function createRestMount(edge: Edge): Mount {
  return async (req, res, requestId) => {
    const target = splitTarget(req.url ?? '/');
    const route = matchRoute(target.path);
    try {
      if (route === undefined) return servePage(req, res, target.path);
      await answer(edge, req, res, requestId, target, route);
    } catch (error) {
      const problem = asAppError(error);
      if (problem.status >= 500) noteFailure(recordOf(req, requestId), error);
      if (res.headersSent) res.destroy();
      else sendProblem(res, problem, requestId);
    }
    return true;
  };
}
