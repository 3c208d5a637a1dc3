import type { IncomingMessage } from 'node:http';
import { AppError } from '../domain/errors.js';

/** Bodies above the limit are read to the end (and dropped) up to this size, so the connection survives. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);

function tooLarge(limit: number, headers?: Record<string, string>): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `the request body exceeds ${limit} bytes`, {
    ...(headers ? { headers } : {}),
  });
}

/**
 * The raw body bytes as received (signatures and digests are checked on these).
 * Over `limit` bytes: 413; a body too large to drain also closes the connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > DRAIN_LIMIT_BYTES) {
    req.resume();
    return Promise.reject(tooLarge(limit, { connection: 'close' }));
  }
  if (
    declared === 0 ||
    (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
  ) {
    req.resume();
    return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) {
        reject(tooLarge(limit, { connection: 'close' }));
        req.destroy();
      }
    });
    req.on('end', () => {
      if (size > limit) reject(tooLarge(limit));
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', () => reject(new AppError('BAD_REQUEST', 'the request body could not be read')));
  });
}
