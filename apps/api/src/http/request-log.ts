import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../context.js';
import type { Logger } from '../lib/logger.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { RequestRecord } from './request-record.js';
import { methodLabel, routeOf } from './route-template.js';

function callerFields(actor: Actor | undefined): Record<string, string> {
  switch (actor?.kind) {
    case 'client':
      return { tenant_id: actor.tenantId, client_id: actor.clientId };
    case 'operator':
      return { operator_id: actor.operatorId };
    case 'service':
      return { service: actor.name };
    default:
      return {};
  }
}

/**
 * Once the answer is sent (or the connection dropped): one log line and the
 * request metrics. The line names the request id the response header
 * carried, the caller once known, the templated route, the status and the
 * latency; a 5xx is logged at error level with its cause. At debug level the
 * line also carries the raw target and the headers (credentials redacted).
 */
export function finishRequest(
  req: IncomingMessage,
  res: ServerResponse,
  record: RequestRecord,
  logger: Logger,
  metrics: ApiMetrics,
): void {
  const seconds = Number(process.hrtime.bigint() - record.startedAt) / 1e9;
  const route = routeOf(req.url);
  const method = methodLabel(req.method);
  const status = res.statusCode;
  metrics.requestFinished({ method, route, status }, seconds);
  const failed = status >= 500;
  const level = failed ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const debug = logger.isLevelEnabled('debug');
  logger[level](
    {
      request_id: record.requestId,
      method,
      route,
      status,
      latency_ms: Math.round(seconds * 1e6) / 1e3,
      ...callerFields(record.actor),
      ...(res.writableFinished ? {} : { aborted: true }),
      ...(failed && record.failure !== undefined ? { err: record.failure } : {}),
      ...(debug ? { url: req.url, headers: req.headers } : {}),
    },
    'request',
  );
}
