// Sends the traffic plan (system-traffic.ts) as a client would – the demo
// client's credentials and signing key through `createTransfersClient` – over
// several api instances with fail-over and the same idempotency key on every
// retry, counting what each instance answered.
import { createTransfersClient, type TransfersClient } from '@tbo/signing';
import { DEMO } from '../../src/demo/seed-demo.js';
import type { CreateOp, CreateOutcome } from './system-traffic.js';

export interface ApiEndpoint {
  name: string;
  url: string;
}

export interface TrafficStats {
  /** Answers per api and status, e.g. `api-1 200`. */
  answers: Record<string, number>;
  /** Requests that got no answer (refused connection, reset, timeout) per api. */
  unanswered: Record<string, number>;
  /** Answers the api must never give (5xx other than 503, 4xx other than the expected), with their body. */
  unexpected: { api: string; op: number; status: number; body: string }[];
}

const RETRY_WITHIN_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo client over every api instance; a request that gets no answer is sent again to the next. */
export class FailoverClient {
  private readonly clients: { api: ApiEndpoint; client: TransfersClient }[];
  readonly stats: TrafficStats = { answers: {}, unanswered: {}, unexpected: [] };

  constructor(apis: readonly ApiEndpoint[], privateKeyPem: string) {
    this.clients = apis.map((api) => ({
      api,
      client: createTransfersClient({
        baseUrl: api.url,
        clientId: DEMO.tenant.clientId,
        clientSecret: DEMO.tenant.clientSecret,
        keyId: 'demo-key-1',
        privateKey: privateKeyPem,
      }),
    }));
  }

  /** A signed request to one instance (by index), for setup steps; no fail-over. */
  request(instance: number, method: string, path: string, body?: unknown) {
    const target = this.clients[instance % this.clients.length];
    if (!target) throw new Error('no api instance');
    return target.client.request(method, path, body === undefined ? {} : { body });
  }

  /**
   * Sends `op` to instance `first`, then to the others in turn while it gets no answer
   * (or 503, 429, or 409 for the same key still in flight) – always with the op's one
   * idempotency key, so a create the dead instance had committed is answered by replay.
   */
  async create(op: CreateOp, first: number, deadline = Number.POSITIVE_INFINITY): Promise<CreateOutcome> {
    const started = Date.now();
    const giveUpAt = Math.min(started + RETRY_WITHIN_MS, deadline);
    let attempts = 0;
    let at = first;
    for (;;) {
      if (Date.now() > giveUpAt) {
        throw new Error(
          `create #${op.index} (${op.group}, ${op.reference}) got no final answer within ${Date.now() - started} ms over ${attempts} attempts (answers so far: ${JSON.stringify(this.stats.answers)})`,
        );
      }
      const target = this.clients[at % this.clients.length];
      if (!target) throw new Error('no api instance');
      attempts++;
      let response: Awaited<ReturnType<TransfersClient['request']>>;
      try {
        response = await target.client.request('POST', op.path, {
          body: op.body,
          idempotencyKey: op.idempotencyKey,
        });
      } catch {
        this.stats.unanswered[target.api.name] = (this.stats.unanswered[target.api.name] ?? 0) + 1;
        at++;
        await sleep(100);
        continue;
      }
      const key = `${target.api.name} ${response.status}`;
      this.stats.answers[key] = (this.stats.answers[key] ?? 0) + 1;
      if (response.status === 200) {
        const body = response.body as { id: string; instruments?: { transfer_id: string }[] };
        return {
          op,
          status: 200,
          id: body.id,
          childIds: (body.instruments ?? []).map((i) => i.transfer_id),
          attempts,
        };
      }
      if (response.status === 422 && op.group === 'full-account') {
        return { op, status: 422, childIds: [], attempts };
      }
      if (response.status === 429) {
        await sleep(Math.min(2_000, Number(response.headers['retry-after'] ?? '1') * 1000));
        continue;
      }
      if (response.status === 409 || response.status === 503) {
        if (response.status === 503) at++;
        await sleep(200);
        continue;
      }
      this.stats.unexpected.push({
        api: target.api.name,
        op: op.index,
        status: response.status,
        body: response.rawBody.slice(0, 500),
      });
      if (response.status >= 500) {
        // Still owed an answer: the same key again (a 500 frees it).
        at++;
        await sleep(200);
        continue;
      }
      throw new Error(
        `create #${op.index} (${op.group}) refused by ${target.api.name} with ${response.status}: ${response.rawBody.slice(0, 500)}`,
      );
    }
  }
}

export interface SendReport {
  /** By op index; none for an op that got no final answer. */
  outcomes: (CreateOutcome | undefined)[];
  /** Why ops got no final answer (one line each), and how far the run got by its deadline. */
  problems: string[];
}

/**
 * Runs `ops` over `concurrency` loops, op i first to instance i mod n; `onDone` after each.
 * Past `deadline` (epoch ms) no op is begun or retried; an op that got no final answer is
 * reported, and the others go on.
 */
export async function sendAll(
  client: FailoverClient,
  ops: readonly CreateOp[],
  options: {
    concurrency: number;
    instances: number;
    deadline?: number;
    onDone?: (done: number) => Promise<void> | void;
  },
): Promise<SendReport> {
  const outcomes: (CreateOutcome | undefined)[] = new Array(ops.length).fill(undefined);
  const problems: string[] = [];
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const started = Date.now();
  let next = 0;
  let done = 0;
  const loop = async () => {
    for (let i = next++; i < ops.length && Date.now() <= deadline; i = next++) {
      const op = ops[i];
      if (!op) continue;
      try {
        outcomes[i] = await client.create(op, i % options.instances, deadline);
        done++;
        await options.onDone?.(done);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  if (done < ops.length) {
    problems.push(
      `only ${done} of ${ops.length} creates answered within ${Math.round((Date.now() - started) / 1000)} s (answers: ${JSON.stringify(client.stats.answers)})`,
    );
  }
  return { outcomes, problems };
}
