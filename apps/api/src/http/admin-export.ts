import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import { AppError } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import { csvLine } from '../lib/csv.js';
import { AdminTransferViewSchema } from '../services/admin/transfer-filters.js';
import { listTransfers } from '../services/admin/transfer-list.js';
import type { AdminTransferRow } from '../services/admin/transfer-rows.js';
import type { OriginPolicy } from './allowed-origins.js';
import { resolveOperator } from './operator-auth.js';

export const EXPORT_PATH = '/admin/api/transfers.csv';

/** Rows per keyset page while exporting: each page is one short read, then other requests run. */
const PAGE = 500;

const BOOLEAN_FILTERS = new Set(['cancellation_pending', 'open_exception', 'parked']);

const COLUMNS: [header: string, value: (r: AdminTransferRow) => string | number | null][] = [
  ['kind', (r) => r.kind],
  ['id', (r) => r.id],
  ['tenant', (r) => r.tenant_name],
  ['direction', (r) => r.direction],
  ['status', (r) => r.status],
  ['status_since', (r) => r.status_since],
  ['instruments', (r) => r.instruments.join(' ')],
  ['quantity', (r) => r.quantity],
  ['quantity_settled', (r) => r.quantity_settled],
  ['settlement_reference', (r) => r.settlement_reference],
  ['custodian_reference', (r) => r.custodian_reference],
  ['counterparty_bic', (r) => r.counterparty_bic],
  ['counterparty_name', (r) => r.counterparty_name],
  ['user_id', (r) => r.user_id],
  ['account_id', (r) => r.account_id],
  ['account_transfer_id', (r) => r.account_transfer_id],
  ['created_at', (r) => r.created_at],
  ['updated_at', (r) => r.updated_at],
  ['due_date', (r) => r.due_date],
  ['deadline', (r) => r.deadline],
  ['custodian_status', (r) => r.custodian_status],
  ['custodian_reason_code', (r) => r.custodian_reason_code],
  ['custodian_reason_text', (r) => r.custodian_reason_text],
  ['cancellation_pending', (r) => String(r.cancellation_pending)],
  ['cancel_reason_code', (r) => r.cancel_reason_code],
  ['cancel_reason_text', (r) => r.cancel_reason_text],
  ['parked', (r) => String(r.parked)],
  ['open_exceptions', (r) => r.open_exceptions],
];

/** The list's filters from the query string: the same names and rules as admin.transfers.list. */
function viewOf(url: URL) {
  const raw: Record<string, string | boolean> = {};
  for (const [name, value] of url.searchParams) {
    raw[name] = BOOLEAN_FILTERS.has(name) ? value === 'true' || value === '1' : value;
  }
  return AdminTransferViewSchema.parse(raw);
}

/**
 * GET /admin/api/transfers.csv?<list filters>: every transfer of the view,
 * not capped, streamed page by page along the list's keyset (each page an
 * index range), waiting for the socket to drain and letting other requests
 * run between pages. Any signed-in operator may export what they may list.
 */
export function adminExportMount(db: Db, clock: Clock, origins: OriginPolicy) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== EXPORT_PATH) return false;
    if (req.method !== 'GET') throw new AppError('METHOD_NOT_ALLOWED', 'use GET');
    const operator = await resolveOperator(db, req, clock.now(), origins);
    if (!operator) throw new AppError('UNAUTHENTICATED', 'sign in to the console first');
    if (operator.authError) throw operator.authError;
    const view = viewOf(url);
    const stamp = clock.now().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="transfers-${view.kind.toLowerCase()}-${stamp}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.write(csvLine(COLUMNS.map(([header]) => header)));
    let after: string | undefined;
    for (;;) {
      const page = await listTransfers(
        db,
        { ...view, limit: PAGE, ...(after ? { after } : {}) },
        clock.now(),
      );
      const chunk = page.rows.map((row) => csvLine(COLUMNS.map(([, value]) => value(row)))).join('');
      if (chunk !== '' && !res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (page.next_cursor === null || res.destroyed) break;
      after = page.next_cursor;
      await yieldToOthers();
    }
    res.end();
    return true;
  };
}
