import { matchRestPath, type PathMatch, webhookRestRoutes } from './webhook-routes.js';

export type Resource = 'securities_transfers' | 'account_transfers';
export type RouteKind = 'collection' | 'item' | 'cancel' | 'validate';

export type MatchedRoute =
  | { kind: 'token'; allowed: readonly string[] }
  | { kind: RouteKind; resource: Resource; id: string | undefined; allowed: readonly string[] }
  /** A path of the webhooks route table (`webhookRestRoutes`), with its route per method. */
  | { kind: 'webhook'; path: PathMatch; allowed: readonly string[] };

const ALLOWED: Record<RouteKind | 'token', readonly string[]> = {
  token: ['POST'],
  collection: ['GET', 'POST'],
  item: ['GET'],
  cancel: ['POST'],
  validate: ['POST'],
};

// `validate` is no transfer id (ids are UUIDs), so it is matched first.
const VALIDATE_PATH = /^\/(securities_transfers|account_transfers)\/validate$/;
const TRANSFER_PATH = /^\/(securities_transfers|account_transfers)(?:\/([^/]+)(\/cancel)?)?$/;

/** The client API's paths (as in the API reference); undefined for any other path. */
export function matchRoute(path: string): MatchedRoute | undefined {
  if (path === '/auth/token') return { kind: 'token', allowed: ALLOWED.token };
  if (path === '/webhooks' || path.startsWith('/webhooks/')) {
    const matched = matchRestPath(webhookRestRoutes, path);
    return matched === undefined ? undefined : { kind: 'webhook', path: matched, allowed: matched.allowed };
  }
  const validate = VALIDATE_PATH.exec(path);
  if (validate) {
    return { kind: 'validate', resource: validate[1] as Resource, id: undefined, allowed: ALLOWED.validate };
  }
  const match = TRANSFER_PATH.exec(path);
  if (!match) return undefined;
  const resource = match[1] as Resource;
  const id = match[2];
  const kind: RouteKind = id === undefined ? 'collection' : match[3] ? 'cancel' : 'item';
  return { kind, resource, id, allowed: ALLOWED[kind] };
}
