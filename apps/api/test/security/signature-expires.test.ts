import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, type HttpApp, sendSigned, startHttpApp } from '../http-harness.js';

describe('hole: a signature without expires was accepted although the reference requires it', () => {
  let app: HttpApp;
  let token: string;
  beforeAll(async () => {
    app = await startHttpApp();
    token = await demoToken(app);
  });
  afterAll(() => app.close());

  const listInput = encodeURIComponent(JSON.stringify({ direction: 'INCOMING' }));
  for (const path of [
    '/securities_transfers?direction=INCOMING',
    `/trpc/securitiesTransfers.list?input=${listInput}`,
  ]) {
    it(`refuses it on ${path.split('?')[0]} with 401 naming the parameter, and takes it with expires`, async () => {
      const request = { method: 'GET', path, token, idempotencyKey: false as const };
      const without = await sendSigned(app, { ...request, sign: { expires: false, nonce: randomUUID() } });
      expect(without.status).toBe(401);
      expect(without.text).toContain('SIGNATURE_MALFORMED');
      expect(without.text).toContain('expires');
      const withExpires = await sendSigned(app, { ...request, sign: { nonce: randomUUID() } });
      expect(withExpires.status).toBe(200);
    });
  }
});
