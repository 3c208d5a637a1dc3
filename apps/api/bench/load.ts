import autocannon from 'autocannon';
import { processCpuMs } from './process-cpu.js';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  label: string;
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  /** CPU the api process spent per request (ms): throughput it can reach on one free core = 1000 / this. */
  serverCpuMs: number | undefined;
}

/**
 * Runs `make()` for every request (so each gets its own nonce, signature and
 * idempotency key) over `connections` keep-alive connections.
 */
export async function runLoad(
  label: string,
  url: string,
  options: { connections: number; seconds: number; serverPid?: number | undefined },
  make: () => LoadRequest,
): Promise<LoadFigures> {
  const cpuBefore = processCpuMs(options.serverPid);
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests: [
      {
        // Keep autocannon's defaults (host); it writes Content-Length itself.
        setupRequest: (defaults) => {
          const request = make();
          const { 'content-length': _length, ...headers } = request.headers;
          return { ...defaults, ...request, headers: { ...defaults.headers, ...headers } };
        },
      },
    ],
  });
  const cpuAfter = processCpuMs(options.serverPid);
  const total = result.requests.total;
  return {
    label,
    connections: options.connections,
    seconds: result.duration,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuMs:
      cpuBefore === undefined || cpuAfter === undefined || total === 0
        ? undefined
        : Math.round(((cpuAfter - cpuBefore) / total) * 1000) / 1000,
  };
}

export function printFigures(rows: LoadFigures[]): void {
  console.table(
    rows.map((r) => ({
      run: r.label,
      conns: r.connections,
      'req/s': r.perSecond,
      'p50 ms': r.p50,
      'p90 ms': r.p90,
      'p99 ms': r.p99,
      'max ms': r.max,
      requests: r.requests,
      non2xx: r.non2xx,
      errors: r.errors,
      'api CPU ms/req': r.serverCpuMs ?? '-',
      'req/s per free core': r.serverCpuMs ? Math.round(1000 / r.serverCpuMs) : '-',
    })),
  );
}
