import type { Executor } from '../db/types.js';
import { invalidField } from '../domain/errors.js';
import { findTenantEventPosition } from '../repositories/webhook-events.js';

const EVENT_PREFIX = 'ev2.';
const SEQ_PREFIX = 'ev1.';

/**
 * The event log's cursor: opaque to clients, the id of the tenant's last event
 * seen inside. It names nothing but the tenant's own events, so two cursors
 * tell a tenant nothing about other tenants' activity (the outbox position
 * behind it is global). `ev2.` alone is the beginning of the log.
 */
export function encodeCursor(lastEventId: string | undefined): string {
  return Buffer.from(`${EVENT_PREFIX}${lastEventId ?? ''}`).toString('base64url');
}

/**
 * The outbox position after which the tenant's log continues: 0 for an absent
 * cursor or the beginning; a 400 naming `since` for a malformed cursor or one
 * naming an event the tenant does not have. Cursors of the earlier form (an
 * outbox position) are still read, so a client's saved cursor survives the upgrade.
 */
export async function decodeCursor(
  db: Executor,
  tenantId: string,
  cursor: string | undefined,
  field = 'since',
): Promise<number> {
  if (cursor === undefined || cursor === '') return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const legacy = /^ev1\.(\d{1,15})$/.exec(text);
  if (legacy?.[1] && text.startsWith(SEQ_PREFIX)) return Number(legacy[1]);
  const match = /^ev2\.([0-9a-f-]{36})?$/.exec(text);
  if (!match) throw invalidField(field, 'must be a cursor returned as next_cursor');
  if (match[1] === undefined) return 0;
  const position = await findTenantEventPosition(db, tenantId, match[1]);
  if (position === undefined) throw invalidField(field, 'must be a cursor returned as next_cursor');
  return position;
}
