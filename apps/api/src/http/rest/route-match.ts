export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What a path-matching table needs of its routes. */
export interface PathPattern {
  method: RestMethod;
  /** Path template: `{name}` matches one non-empty segment (e.g. `/webhooks/{id}`). */
  pattern: string;
}

export interface RouteMatch<R extends PathPattern> {
  route: R;
  /** The template's segments as received (still percent-encoded). */
  params: Record<string, string>;
}

export interface PathMatch<R extends PathPattern> {
  /** The route of each method the path has, with the params it matched. */
  byMethod: Partial<Record<RestMethod, RouteMatch<R>>>;
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
      params[part.slice(1, -1)] = segment;
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
export function matchRestPath<R extends PathPattern>(
  routes: readonly R[],
  path: string,
): PathMatch<R> | undefined {
  const byMethod: Partial<Record<RestMethod, RouteMatch<R>>> = {};
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
