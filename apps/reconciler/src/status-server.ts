import { createServer, type Server } from 'node:http';
import type { WorkerHealth } from './worker.js';

/** GET /status (and /healthz): the worker's health, totals and the api's lag figures as JSON. */
export function startStatusServer(health: WorkerHealth, port: number, host = '127.0.0.1'): Server {
  const server = createServer((req, res) => {
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
