import { AppError } from '../../domain/errors.js';
import { findClient } from '../../services/auth/client-directory.js';
import type { Edge } from './edge-config.js';

/** Takes one token from the client's bucket (429 when empty); its limits come from its tenant row. */
export async function limitClient(edge: Edge, clientId: string, now: Date): Promise<void> {
  if (!edge.config.rateLimiting) return;
  const nowMs = now.getTime();
  const client = await findClient(edge.db, clientId, nowMs);
  if (!client) throw new AppError('UNAUTHENTICATED', 'unknown upvest-client-id');
  edge.limiter.take(client.tenantId, client.rateLimitPerSecond, client.rateLimitBurst, nowMs);
}
