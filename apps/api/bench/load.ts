import { connect, type Socket } from 'node:net';
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
  /** CPU this load generator spent per request (ms): it shares the machine with the api. */
  loadCpuMs: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Serialises one HTTP/1.1 keep-alive request; `content-length` is always computed here. */
function serialize(request: LoadRequest, host: string): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'content-length') head += `${name}: ${value}\r\n`;
  }
  head += `content-length: ${body?.length ?? 0}\r\n\r\n`;
  return body === undefined ? Buffer.from(head) : Buffer.concat([Buffer.from(head), body]);
}

/**
 * Bytes a complete response takes at the start of `buffer`, or -1 while it
 * is still incomplete. The api answers with content-length; chunked bodies
 * are followed to their last chunk.
 */
function responseLength(buffer: Buffer): { length: number; status: number } | undefined {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const head = buffer.toString('latin1', 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (lengthMatch) {
    const length = headEnd + 4 + Number(lengthMatch[1]);
    return buffer.length >= length ? { length, status } : undefined;
  }
  if (!head.includes('\r\ntransfer-encoding: chunked')) return { length: headEnd + 4, status };
  let at = headEnd + 4;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd), 16);
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return undefined;
    if (size === 0) return { length: at, status };
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return Math.round(value * 10) / 10;
}

/**
 * Closed-loop load over `connections` keep-alive sockets: each sends its next
 * request (a fresh `make()`, so each has its own nonce, signature and
 * idempotency key) as soon as the previous answer is complete. Raw sockets
 * and a minimal response parser keep the generator's own CPU small – it
 * shares this machine's cores with the api it measures.
 */
export async function runLoad(
  label: string,
  url: string,
  options: {
    connections: number;
    seconds: number;
    serverPid?: number | undefined;
    /** Source addresses the connections take in turn (e.g. 127.0.0.2 …, all still this machine). */
    localAddresses?: readonly string[];
  },
  make: () => LoadRequest,
): Promise<LoadFigures & { statuses: Record<number, number> }> {
  const { hostname, port, host } = new URL(url);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const statuses: Record<number, number> = {};
  let opened = 0;
  let firstRefusal: string | undefined;
  const cpuBefore = processCpuMs(options.serverPid);
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const stopAt = started + options.seconds * 1000;

  const runConnection = () =>
    new Promise<void>((resolve) => {
      const localAddress = options.localAddresses?.[opened++ % options.localAddresses.length];
      const socket: Socket = connect({
        host: hostname,
        port: Number(port),
        noDelay: true,
        ...(localAddress ? { localAddress } : {}),
      });
      let pending: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      const sendNext = () => {
        if (performance.now() >= stopAt) {
          socket.end();
          return;
        }
        const bytes = serialize(make(), host);
        sentAt = performance.now();
        socket.write(bytes);
      };
      socket.on('connect', sendNext);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        const response = responseLength(pending);
        if (!response) return;
        latencies.push(performance.now() - sentAt);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status < 200 || response.status > 299) {
          non2xx++;
          firstRefusal ??= pending.toString('utf8', 0, Math.min(response.length, 600));
        }
        pending = pending.subarray(response.length);
        sendNext();
      });
      socket.setTimeout(30_000, () => socket.destroy(new Error('timed out')));
      socket.on('error', () => {
        errors++;
      });
      socket.on('close', () => resolve());
    });

  await Promise.all(Array.from({ length: options.connections }, runConnection));
  const seconds = (performance.now() - started) / 1000;
  const selfCpu = process.cpuUsage(selfBefore);
  const cpuAfter = processCpuMs(options.serverPid);
  if (firstRefusal !== undefined) console.error(`${label}: first refused answer:\n${firstRefusal}`);

  const sorted = Float64Array.from(latencies).sort();
  const total = latencies.length;
  return {
    label,
    connections: options.connections,
    seconds: Math.round(seconds * 10) / 10,
    requests: total,
    perSecond: Math.round(total / seconds),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    non2xx,
    errors,
    statuses,
    serverCpuMs:
      cpuBefore === undefined || cpuAfter === undefined || total === 0
        ? undefined
        : Math.round(((cpuAfter - cpuBefore) / total) * 1000) / 1000,
    loadCpuMs: total === 0 ? 0 : Math.round(((selfCpu.user + selfCpu.system) / 1000 / total) * 1000) / 1000,
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
      'load gen CPU ms/req': r.loadCpuMs,
    })),
  );
}
