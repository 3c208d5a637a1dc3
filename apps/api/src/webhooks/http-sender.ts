import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import {
  type AttemptExchange,
  boundedText,
  RESPONSE_BODY_LIMIT_BYTES,
  storedResponseHeaders,
} from './attempt-exchange.js';
import { bareHost, guardedLookup, refusedLiteral } from './target-url.js';

export interface SendResult {
  ok: boolean;
  statusCode: number | undefined;
  latencyMs: number;
  error: string | undefined;
  /** The response as kept for the attempt log (bounded); absent when none came. */
  response?: AttemptExchange['response'];
}

export interface HttpSenderOptions {
  live: boolean;
  /** Whole exchange: connect, request, response head and body. */
  timeoutMs: number;
  /** Open connections per receiver host. */
  maxSockets: number;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs deliveries over keep-alive connections. Redirects are not followed
 * (a 3xx is a failure), and every connection goes through the address
 * policy at connect time.
 */
export class HttpSender {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;
  private readonly lookup;

  constructor(private readonly options: HttpSenderOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' as const };
    this.http = new HttpAgent(agentOptions);
    this.https = new HttpsAgent(agentOptions);
    this.lookup = guardedLookup(options.live);
  }

  post(
    target: string,
    headers: Record<string, string>,
    body: string,
    signal?: AbortSignal,
  ): Promise<SendResult> {
    const started = performance.now();
    const done = (
      ok: boolean,
      statusCode: number | undefined,
      error: string | undefined,
      response?: SendResult['response'],
    ): SendResult => ({
      ok,
      statusCode,
      latencyMs: performance.now() - started,
      error,
      response,
    });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return Promise.resolve(done(false, undefined, 'invalid url'));
    }
    const refused = refusedLiteral(bareHost(url), this.options.live);
    if (refused) return Promise.resolve(done(false, undefined, refused));
    const secure = url.protocol === 'https:';
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        headers,
        agent: secure ? this.https : this.http,
        lookup: this.lookup,
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish(done(false, undefined, `timeout after ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      const onAbort = () => {
        req.destroy();
        finish(done(false, undefined, 'aborted: dispatcher stopping'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error: NodeJS.ErrnoException) => {
        finish(done(false, undefined, error.code ? `${error.code}: ${error.message}` : error.message));
      });
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        let received = 0;
        // One byte past the limit tells a cut body from one of exactly the limit.
        const kept: Buffer[] = [];
        let keptBytes = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (keptBytes <= RESPONSE_BODY_LIMIT_BYTES) {
            kept.push(chunk.subarray(0, RESPONSE_BODY_LIMIT_BYTES + 1 - keptBytes));
            keptBytes += Math.min(chunk.length, RESPONSE_BODY_LIMIT_BYTES + 1 - keptBytes);
          }
          if (received > MAX_RESPONSE_BYTES) res.destroy();
        });
        const complete = () => {
          const ok = status >= 200 && status < 300;
          const response = {
            headers: storedResponseHeaders(res.headers),
            body: boundedText(Buffer.concat(kept), RESPONSE_BODY_LIMIT_BYTES),
          };
          finish(done(ok, status, ok ? undefined : `HTTP ${status}`, response));
        };
        res.on('end', complete);
        res.on('close', complete);
        res.on('error', complete);
      });
      req.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
