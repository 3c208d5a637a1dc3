import type { Db } from '../db/client.js';
import { AppError } from '../domain/errors.js';
import { checkReadiness, type ReadinessCheck } from '../services/readiness.js';
import type { WritePort } from '../services/write/port.js';
import type { Mount } from './mount.js';
import { noteFailure, recordOf } from './request-record.js';
import { sendJson, sendProblem } from './respond.js';

/** Paths a probe or scraper calls by the node's own address: answered whatever the Host header names. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * `/healthz`: the process answers (a failing liveness probe restarts it).
 * `/readyz`: it can serve – database, migrations, write path; a failing
 * readiness probe takes it out of the load balancer until they hold again.
 */
export function healthMount(db: Db, writes: WritePort): Mount {
  return async (req, res, requestId) => {
    if (req.url === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return true;
    }
    if (req.url !== '/readyz') return false;
    const report = await checkReadiness(db, writes);
    if (report.ready) {
      sendJson(res, 200, { status: 'ready', checks: report.checks });
      return true;
    }
    const failing = (Object.entries(report.checks) as [ReadinessCheck, string][])
      .filter(([, value]) => value !== 'ok')
      .map(([name, value]) => `${name}: ${value}`);
    const problem = new AppError('UNAVAILABLE', `not ready: ${failing.join('; ')}`);
    noteFailure(recordOf(req, requestId), problem);
    sendProblem(res, problem, requestId);
    return true;
  };
}
