// Probing /healthz and /readyz of a served app (test/health*.test.ts).
import { request } from 'node:http';
import { expect } from 'vitest';

export interface Answer {
  status: number;
  contentType: string | undefined;
  requestId: string | undefined;
  body: Record<string, unknown>;
}

/** A GET with an explicit Host header (fetch would not let a probe's foreign Host through). */
export function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          requestId: res.headers['x-request-id'] as string | undefined,
          body: JSON.parse(text) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export function expectNotReady(answer: Answer, failing: RegExp): void {
  expect(answer.status).toBe(503);
  expect(answer.contentType).toBe('application/problem+json');
  expect(answer.body).toMatchObject({
    status: 503,
    type: '/problems/unavailable',
    request_id: answer.requestId,
  });
  expect(String(answer.body.detail)).toMatch(failing);
}
