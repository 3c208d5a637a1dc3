import type { Scope } from '@tbo/contracts';
import type { ContextInner } from '../../context.js';
import { invalidField } from '../../domain/errors.js';
import { webhooksRouter } from '../../routers/webhooks.js';
import { createCallerFactory } from '../../trpc.js';

export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RestResult {
  status: number;
  /** JSON body; absent for 204. */
  body?: unknown;
}

/**
 * One REST path of the webhooks API, for the REST edge to mount.
 * - `pattern`: path template, `{name}` matches one segment (e.g. `/webhooks/{id}`).
 * - `scope`: what the edge must authenticate for (`null`: public, no credentials).
 * - `handler`: runs the tRPC procedure, so scope checks, validation and
 *   problem+json-ready AppErrors are the same as over tRPC. Errors are thrown
 *   (TRPCError with an AppError cause; `asAppError` unwraps them).
 */
export interface RestRoute {
  method: RestMethod;
  pattern: string;
  scope: Scope | null;
  /** The query parameters it reads; the REST edge refuses any other (and a repeated one) with a 400. */
  query?: readonly string[];
  handler(
    ctx: ContextInner,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
  ): Promise<RestResult>;
}

const callerFor = createCallerFactory(webhooksRouter);
type CreateInput = Parameters<ReturnType<typeof callerFor>['create']>[0];
const ok = (body: unknown, status = 200): RestResult => ({ status, body });

function optionalInt(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw invalidField(name, 'must be a positive integer');
  return Number(text);
}
const optional = (query: URLSearchParams, name: string) => query.get(name) ?? undefined;
const asObject = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** Static paths come before `/webhooks/{id}`: the first match wins. */
export const webhookRestRoutes: readonly RestRoute[] = [
  {
    method: 'GET',
    pattern: '/webhooks/public_keys',
    scope: null,
    handler: async (ctx) => ok(await callerFor(ctx).publicKeys()),
  },
  {
    method: 'GET',
    pattern: '/webhooks/events',
    scope: 'webhooks:read',
    query: ['since', 'limit', 'webhook_id'],
    handler: async (ctx, _params, query) =>
      ok(
        await callerFor(ctx).events({
          since: optional(query, 'since'),
          limit: optionalInt(query, 'limit'),
          webhook_id: optional(query, 'webhook_id'),
        }),
      ),
  },
  {
    method: 'POST',
    pattern: '/webhooks',
    scope: 'webhooks:admin',
    handler: async (ctx, _params, _query, body) => ok(await callerFor(ctx).create(body as CreateInput), 201),
  },
  {
    method: 'GET',
    pattern: '/webhooks',
    scope: 'webhooks:read',
    handler: async (ctx) => ok(await callerFor(ctx).list()),
  },
  {
    method: 'GET',
    pattern: '/webhooks/{id}',
    scope: 'webhooks:read',
    handler: async (ctx, params) => ok(await callerFor(ctx).get({ id: params.id ?? '' })),
  },
  {
    method: 'PATCH',
    pattern: '/webhooks/{id}',
    scope: 'webhooks:admin',
    handler: async (ctx, params, _query, body) =>
      ok(await callerFor(ctx).update({ ...asObject(body), id: params.id ?? '' })),
  },
  {
    method: 'DELETE',
    pattern: '/webhooks/{id}',
    scope: 'webhooks:admin',
    handler: async (ctx, params) => {
      await callerFor(ctx).delete({ id: params.id ?? '' });
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/webhooks/{id}/deliveries',
    scope: 'webhooks:read',
    query: ['event_id', 'object_id', 'state', 'limit'],
    handler: async (ctx, params, query) =>
      ok(
        await callerFor(ctx).deliveries({
          id: params.id ?? '',
          event_id: optional(query, 'event_id'),
          object_id: optional(query, 'object_id'),
          state: optional(query, 'state') as 'pending' | 'delivered' | undefined,
          limit: optionalInt(query, 'limit'),
        }),
      ),
  },
  {
    method: 'GET',
    pattern: '/webhooks/{id}/attempts',
    scope: 'webhooks:read',
    query: ['event_id', 'object_id', 'limit'],
    handler: async (ctx, params, query) =>
      ok(
        await callerFor(ctx).attempts({
          id: params.id ?? '',
          event_id: optional(query, 'event_id'),
          object_id: optional(query, 'object_id'),
          limit: optionalInt(query, 'limit'),
        }),
      ),
  },
  {
    method: 'POST',
    pattern: '/webhooks/{id}/redeliver',
    scope: 'webhooks:admin',
    handler: async (ctx, params, _query, body) => {
      const input = asObject(body);
      const caller = callerFor(ctx);
      const id = params.id ?? '';
      if (input.since !== undefined)
        return ok(await caller.redeliverFailed({ id, since: String(input.since) }));
      return ok(await caller.redeliver({ id, event_id: String(input.event_id ?? '') }));
    },
  },
];

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export interface RouteMatch {
  route: RestRoute;
  params: Record<string, string>;
}

export interface PathMatch {
  /** The route of each method the path has, with the params it matched. */
  byMethod: Partial<Record<RestMethod, RouteMatch>>;
  /** Those methods, in table order. */
  allowed: RestMethod[];
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  const matches = parts.every((part, i) => {
    const segment = segments[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segment === '') return false;
      const value = safeDecode(segment);
      if (value === undefined) return false;
      params[part.slice(1, -1)] = value;
      return true;
    }
    return part === segment;
  });
  return matches ? params : undefined;
}

/**
 * The routes of a path, by method; undefined when no route has this path. The
 * first pattern that matches wins, so a static path (`/webhooks/events`)
 * shadows a template (`/webhooks/{id}`) for every method: `PATCH
 * /webhooks/events` is a 405, not an update of a subscription "events".
 */
export function matchRestPath(routes: readonly RestRoute[], path: string): PathMatch | undefined {
  const byMethod: Partial<Record<RestMethod, RouteMatch>> = {};
  const allowed: RestMethod[] = [];
  const segments = path.split('/');
  let pattern: string | undefined;
  for (const route of routes) {
    if (pattern !== undefined && route.pattern !== pattern) continue;
    if (byMethod[route.method] !== undefined) continue;
    const params = matchPattern(route.pattern, segments);
    if (params === undefined) continue;
    pattern = route.pattern;
    byMethod[route.method] = { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { byMethod, allowed } : undefined;
}

/** The route for a method and path; `allowed` lists the methods of a path that matched with another method. */
export function matchRestRoute(
  routes: readonly RestRoute[],
  method: string,
  path: string,
): RouteMatch | { allowed: RestMethod[] } | undefined {
  const match = matchRestPath(routes, path);
  if (match === undefined) return undefined;
  return match.byMethod[method as RestMethod] ?? { allowed: match.allowed };
}
