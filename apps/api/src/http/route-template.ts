import { PROCEDURE_PATHS } from '../router.js';
import { splitTarget } from './rest/received-request.js';
import { matchRestPath } from './rest/route-match.js';
import { REST_ROUTES } from './rest/route-table.js';

const FIXED = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/docs',
  '/problems',
  '/admin',
  '/admin/api/login',
  '/admin/api/logout',
  '/admin/api/session',
]);

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The method as a metric label: the usual ones, everything else `OTHER`. */
export function methodLabel(method: string | undefined): string {
  return method !== undefined && METHODS.has(method) ? method : 'OTHER';
}

function trpcRoute(procedurePath: string): string {
  let names: string[];
  try {
    names = decodeURIComponent(procedurePath).split(',');
  } catch {
    return '/trpc/{unknown}';
  }
  // A label names a procedure or none, so an invented path cannot grow the label set.
  if (!names.every((name) => PROCEDURE_PATHS.has(name))) return '/trpc/{unknown}';
  // A batch's mix of procedures is the caller's choice: one label, or the labels would be unbounded.
  return names.length === 1 ? `/trpc/${names[0]}` : '/trpc/{batch}';
}

/**
 * The route a request was for, as a template (`/securities_transfers/{id}`):
 * what the request log and the metrics label it with. Ids never appear, and a
 * path no route serves is `unmatched`, so the labels stay a fixed, small set.
 */
export function routeOf(url: string | undefined): string {
  const { path } = splitTarget(url ?? '/');
  if (FIXED.has(path)) return path;
  if (path.startsWith('/trpc/')) return trpcRoute(path.slice('/trpc/'.length));
  if (path.startsWith('/problems/')) return '/problems/{type}';
  if (path.startsWith('/admin/')) return '/admin/{file}';
  // Every method of a path shares its pattern (the first match wins).
  const match = matchRestPath(REST_ROUTES, path);
  return match === undefined ? 'unmatched' : (Object.values(match.byMethod)[0]?.route.pattern ?? 'unmatched');
}
