import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../domain/errors.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { Mount } from './mount.js';
import { headerOf } from './rest/received-request.js';

export interface MetricsAccess {
  /** METRICS_TOKEN: a scraper elsewhere sends `Authorization: Bearer <token>`; unset, loopback only. */
  token: string | undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Loopback peers, or anyone with the configured bearer token. */
export function mayScrape(req: Pick<IncomingMessage, 'socket' | 'headers'>, access: MetricsAccess): boolean {
  if (LOOPBACK.test(req.socket.remoteAddress ?? '')) return true;
  const sent = /^Bearer (.+)$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
  return (
    access.token !== undefined && sent !== undefined && timingSafeEqual(digest(sent), digest(access.token))
  );
}

/**
 * `GET /metrics` in Prometheus text format, on the api's own port: to a
 * scraper on this machine, or anywhere with METRICS_TOKEN (docs/operations.md
 * says why). Route and status labels only – no tenant ever appears.
 */
export function metricsMount(metrics: ApiMetrics, access: MetricsAccess): Mount {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new AppError('METHOD_NOT_ALLOWED', 'use GET', { headers: { allow: 'GET, HEAD' } });
    }
    if (!mayScrape(req, access)) {
      throw new AppError(
        'FORBIDDEN',
        'metrics are served to loopback addresses, or with the bearer token METRICS_TOKEN',
      );
    }
    const text = await metrics.registry.metrics();
    res.writeHead(200, {
      'content-type': metrics.registry.contentType,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  };
}
