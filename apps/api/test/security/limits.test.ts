import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SECURITIES_REQUEST } from '../harness.js';
import { demoToken, type HttpApp, rawRequest, sendSigned, startHttpApp } from '../http-harness.js';

/** A create request padded with unknown fields to about `bytes`. */
function paddedCreate(bytes: number): string {
  const known = JSON.stringify(SEED_SECURITIES_REQUEST).slice(0, -1);
  const parts: string[] = [];
  let size = known.length;
  for (let i = 0; size < bytes; i++) {
    const part = `"unknown_field_${i}":${i}`;
    parts.push(part);
    size += part.length + 1;
  }
  return `${known},${parts.join(',')}}`;
}

describe('holes: unbounded error bodies and batch bodies', () => {
  let app: HttpApp;
  let token: string;
  beforeAll(async () => {
    app = await startHttpApp();
    token = await demoToken(app);
  });
  afterAll(() => app.close());

  it('names at most 10 unknown fields of a 1 MiB request and counts the rest (REST)', async () => {
    const body = paddedCreate(1_000_000);
    const answer = await sendSigned(app, {
      method: 'POST',
      path: '/securities_transfers',
      body,
      token,
      idempotencyKey: randomUUID(),
    });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(4096);
    const problem = answer.json as { invalid_params: unknown[]; detail: string };
    expect(problem.invalid_params).toHaveLength(10);
    expect(problem.detail).toMatch(/; and \d+ more$/);
  });

  it('bounds the error body of a tRPC call the same way', async () => {
    const answer = await sendSigned(app, {
      method: 'POST',
      path: '/trpc/securitiesTransfers.create',
      body: paddedCreate(500_000),
      token,
      idempotencyKey: randomUUID(),
    });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(8192);
  });

  it('refuses a batched tRPC body over the 1 MiB edge limit with 413 before tRPC parses it', async () => {
    const call = JSON.stringify(SEED_SECURITIES_REQUEST);
    const batch: Record<string, string> = {};
    for (let i = 0; i < 400; i++) batch[String(i)] = `${call}${' '.repeat(3000)}`;
    const body = JSON.stringify(batch);
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const paths = Array.from({ length: 400 }, () => 'securitiesTransfers.create').join(',');
    const answer = await rawRequest(app.baseUrl, {
      method: 'POST',
      path: `/trpc/${paths}?batch=1`,
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(413);
  });
});
