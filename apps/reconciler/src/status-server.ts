import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { WorkerHealth } from './worker.js';

/**
 * GET /status (and /healthz): the worker's health, totals and the api's lag
 * figures as JSON; GET /metrics: the same and more in Prometheus text. On
 * 127.0.0.1 only: a scraper or agent on the machine reads it.
 */
export function startStatusServer(
  health: WorkerHealth,
  port: number,
  metrics?: Registry,
  host = '127.0.0.1',
): Server {
  const server = createServer((req, res) => {
    if (req.url === '/metrics' && metrics !== undefined) {
      void metrics.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (req.url !== '/status' && req.url !== '/healthz') {
      res.writeHead(404).end();
      return;
    }
    const ok = health.state === 'running' || health.state === 'starting';
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(health));
  });
  server.listen(port, host);
  server.unref();
  return server;
}
