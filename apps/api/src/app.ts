import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE } from '@tbo/contracts';
import type { ServiceConfig } from './context.js';
import type { Db } from './db/client.js';
import { AppError } from './domain/errors.js';
import { asAppError, toProblem } from './domain/problem.js';
import { adminExportMount } from './http/admin-export.js';
import { adminStaticMount } from './http/admin-static.js';
import { hostAllowed, LOOPBACK_ONLY, type OriginPolicy } from './http/allowed-origins.js';
import type { AuthConfig } from './http/auth-context.js';
import { healthMount, PROBE_PATHS } from './http/health-mount.js';
import { type MetricsAccess, metricsMount } from './http/metrics-mount.js';
import type { Mount } from './http/mount.js';
import { type OperatorAuthOptions, operatorAuthMount } from './http/operator-auth.js';
import { finishRequest } from './http/request-log.js';
import { beginRecord, noteFailure } from './http/request-record.js';
import { REQUEST_ID_HEADER, sendProblem } from './http/respond.js';
import type { RestConfig } from './http/rest/edge-config.js';
import { createEdge, createRestMount } from './http/rest/rest-mount.js';
import { createTrpcMount } from './http/trpc-mount.js';
import { type Clock, systemClock } from './lib/clock.js';
import { type Logger, silentLogger } from './lib/logger.js';
import { type ApiMetrics, createApiMetrics } from './metrics/api-metrics.js';
import { GroupCommitPort } from './services/write/group-commit.js';
import type { WritePort } from './services/write/port.js';

export interface AppOptions {
  db: Db;
  /** Where every write goes (default: group commit on `db`'s connection). */
  writes?: WritePort;
  clock?: Clock;
  service?: Partial<ServiceConfig>;
  auth?: Partial<AuthConfig>;
  /** The client REST edge: body limit, signature time window, rate limiting. */
  rest?: Partial<RestConfig>;
  /** The console: session cookie options and where its built files are (default apps/admin/dist). */
  admin?: Partial<OperatorAuthOptions> & { distFolder?: string };
  /** The hosts answered for and the origins the console trusts (default: loopback names only). */
  origins?: OriginPolicy;
  /** Called after every non-GET response (its writes are committed): wakes the webhook dispatcher. */
  onWrite?: () => void;
  /** Where the request lines go (silent by default: tests and tools). */
  logger?: Logger;
  /** The process's metrics (a fresh registry without process metrics by default). */
  metrics?: ApiMetrics;
  /** Who may read /metrics besides loopback (METRICS_TOKEN). */
  metricsAccess?: MetricsAccess;
}

/** The api's HTTP surface: tRPC under /trpc, liveness and readiness, and the mounts added by other modules. */
export function createApp(options: AppOptions, extraMounts: Mount[] = []): Server {
  const clock = options.clock ?? systemClock;
  const origins = options.origins ?? LOOPBACK_ONLY;
  const auth: AuthConfig = { serviceCredentials: options.auth?.serviceCredentials ?? [], origins };
  const writes = options.writes ?? new GroupCommitPort(options.db);
  const edge = createEdge({ ...options, writes, clock });
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? createApiMetrics(options.db, clock, { writes });
  const mounts: Mount[] = [
    healthMount(options.db, writes),
    metricsMount(metrics, options.metricsAccess ?? { token: undefined }),
    createTrpcMount(edge, auth),
    operatorAuthMount(options.db, writes, clock, {
      cookieSecure: options.admin?.cookieSecure ?? 'auto',
      origins,
    }),
    adminExportMount(options.db, clock, origins),
    adminStaticMount(options.admin?.distFolder),
    createRestMount(edge),
    ...extraMounts,
  ];

  // 16 KiB of headers at most (431 beyond); a request must arrive whole within 30 s, its headers within 10 s.
  const limits = { maxHeaderSize: 16 * 1024, headersTimeout: 10_000, requestTimeout: 30_000 };
  const server = createServer({ keepAliveTimeout: 65_000, ...limits }, async (req, res) => {
    const requestId = randomUUID();
    const record = beginRecord(req, requestId);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.once('close', () => finishRequest(req, res, record, logger, metrics));
    if (options.onWrite && req.method !== 'GET' && req.method !== 'HEAD') res.once('finish', options.onWrite);
    try {
      // A name this api does not answer for: DNS rebinding, or a proxy sending the wrong host.
      if (!PROBE_PATHS.has(req.url ?? '') && !hostAllowed(origins, req.headers.host)) {
        throw new AppError('MISDIRECTED', 'this api does not answer for the host named in the request');
      }
      for (const mount of mounts) {
        if (await mount(req, res, requestId)) return;
      }
      sendProblem(res, new AppError('NOT_FOUND', `no route for ${req.method} ${req.url}`), requestId);
    } catch (error) {
      const problem = asAppError(error);
      if (problem.status >= 500) noteFailure(record, error);
      if (!res.headersSent) sendProblem(res, problem, requestId);
      else res.destroy();
    }
  });
  server.on('clientError', answerUnparsableRequest);
  return server;
}

/** A request Node cannot even parse (bad method, broken framing) still gets problem+json. */
function answerUnparsableRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const requestId = randomUUID();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const problem = toProblem(
    new AppError(
      tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST',
      tooLarge ? 'the request headers are too large' : 'the request is not valid HTTP/1.1',
    ),
    requestId,
  );
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}
