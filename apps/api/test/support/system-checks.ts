// What a whole-system run must leave behind, read from the database itself:
// each check returns the violations it found (empty when it holds), each
// violation a sentence that says what went wrong and where.
import { addDecimal, canonicalDecimal, compareDecimal, subtractDecimal } from '@tbo/contracts';
import { DEMO } from '../../src/demo/seed-demo.js';
import type { SystemReader } from './system-reader.js';
import { type Arrival, type CreateOp, type CreateOutcome, SAP } from './system-traffic.js';

export const FINAL = {
  SECURITIES_TRANSFER: ['SETTLED', 'CANCELLED'],
  ACCOUNT_TRANSFER: ['SETTLED', 'PARTIALLY_SETTLED', 'CANCELLED'],
} as const;

type Kind = keyof typeof FINAL;

const dec = (value: unknown) => canonicalDecimal(String(value ?? '0'));
const positionKey = (accountId: unknown, isin: unknown) => `${String(accountId)}/${String(isin)}`;

export interface PositionFigures {
  quantity: string;
  reserved: string;
}

export async function readPositions(all: SystemReader['all']): Promise<Map<string, PositionFigures>> {
  const rows = await all<{ account_id: string; isin: string; quantity: unknown; reserved: unknown }>(
    'SELECT account_id, isin, quantity, reserved FROM positions',
  );
  return new Map(
    rows.map((r) => [
      positionKey(r.account_id, r.isin),
      { quantity: dec(r.quantity), reserved: dec(r.reserved) },
    ]),
  );
}

/**
 * One snapshot of the reservations: no position reserves more than it holds or
 * less than nothing, and each reserves exactly what its open OUTGOING transfers
 * hold back (no unit reserved twice, none left behind).
 */
export async function reservationViolations(reader: SystemReader): Promise<string[]> {
  return reader.snapshot(async (all) => {
    const positions = await readPositions(all);
    const open = await all<{ account_id: string; isin: string; reserved_quantity: unknown }>(
      `SELECT account_id, isin, reserved_quantity FROM securities_transfers
       WHERE direction = 'OUTGOING' AND status IN ('NEW', 'PROCESSING')`,
    );
    const held = new Map<string, string>();
    for (const t of open) {
      const key = positionKey(t.account_id, t.isin);
      held.set(key, addDecimal(held.get(key) ?? '0', dec(t.reserved_quantity)));
    }
    const problems: string[] = [];
    for (const [key, p] of positions) {
      if (compareDecimal(p.reserved, p.quantity) > 0)
        problems.push(`${key}: reserved ${p.reserved} exceeds the ${p.quantity} held`);
      if (compareDecimal(p.reserved, '0') < 0) problems.push(`${key}: reserved ${p.reserved} is negative`);
      if (compareDecimal(p.quantity, '0') < 0) problems.push(`${key}: quantity ${p.quantity} is negative`);
      const owed = held.get(key) ?? '0';
      if (compareDecimal(p.reserved, owed) !== 0)
        problems.push(`${key}: reserved ${p.reserved}, but its open OUTGOING transfers hold back ${owed}`);
    }
    for (const key of held.keys()) {
      if (!positions.has(key)) problems.push(`${key}: open OUTGOING transfers reserve units of no position`);
    }
    return problems;
  });
}

export interface OpenWork {
  securities: Record<string, number>;
  account: Record<string, number>;
  parked: number;
  pendingDeliveries: number;
  open: number;
}

/** What is not final yet: transfers by status, parked ones, undelivered webhooks. */
export async function openWork(reader: SystemReader): Promise<OpenWork> {
  const count = (rows: { status: string; n: unknown }[]) =>
    Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  const securities = count(
    await reader.all('SELECT status, count(*) AS n FROM securities_transfers GROUP BY status'),
  );
  const account = count(
    await reader.all('SELECT status, count(*) AS n FROM account_transfers GROUP BY status'),
  );
  const [parked] = await reader.all<{ n: unknown }>(
    'SELECT count(*) AS n FROM securities_transfers WHERE parked_at IS NOT NULL',
  );
  const [pending] = await reader.all<{ n: unknown }>(
    `SELECT count(*) AS n FROM webhook_deliveries WHERE state = 'pending'`,
  );
  const open =
    (securities.NEW ?? 0) + (securities.PROCESSING ?? 0) + (account.NEW ?? 0) + (account.PROCESSING ?? 0);
  return { securities, account, parked: Number(parked?.n), pendingDeliveries: Number(pending?.n), open };
}

interface TransferRow {
  id: string;
  direction: string;
  status: string;
  account_id: string;
  isin: string;
  quantity_settled: unknown;
  reserved_quantity: unknown;
  settlement_reference: string;
  account_transfer_id: string | null;
  cancel_reason_code: string | null;
  parked_at: string | null;
  work_error: string | null;
}

interface HistoryRow {
  transfer_kind: Kind;
  transfer_id: string;
  from_status: string | null;
  to_status: string | null;
}

interface EventRow {
  seq: unknown;
  id: string;
  type: string;
  object_id: string;
}

export interface FinalReport {
  violations: string[];
  figures: Record<string, number>;
}

/** Everything final, exactly once, booked once, announced once and delivered in order. */
export async function finalViolations(
  reader: SystemReader,
  input: {
    seed: Map<string, PositionFigures>;
    ops: readonly CreateOp[];
    /** By op index; none for an op that got no final answer (it may or may not have been created, once). */
    outcomes: readonly (CreateOutcome | undefined)[];
    arrivals: readonly Arrival[];
  },
): Promise<FinalReport> {
  const v: string[] = [];
  const transfers = await reader.all<TransferRow>(
    `SELECT id, direction, status, account_id, isin, quantity_settled, reserved_quantity, settlement_reference,
            account_transfer_id, cancel_reason_code, parked_at, work_error FROM securities_transfers`,
  );
  const accountTransfers = await reader.all<{ id: string; status: string; settlement_reference: string }>(
    'SELECT id, status, settlement_reference FROM account_transfers',
  );
  const history = await reader.all<HistoryRow>(
    'SELECT transfer_kind, transfer_id, from_status, to_status FROM transfer_history ORDER BY id',
  );
  const events = await reader.all<EventRow>(
    'SELECT seq, id, type, object_id FROM outbox_events WHERE tenant_id = ? ORDER BY seq',
    DEMO.tenant.id,
  );

  // 1. Each create the client was answered 200 for exists once, under the id it was answered with.
  const byReference = new Map<string, string[]>();
  for (const t of transfers) {
    if (t.account_transfer_id !== null) continue;
    byReference.set(t.settlement_reference, [...(byReference.get(t.settlement_reference) ?? []), t.id]);
  }
  for (const a of accountTransfers) {
    byReference.set(a.settlement_reference, [...(byReference.get(a.settlement_reference) ?? []), a.id]);
  }
  const planned = new Set(input.ops.map((op) => op.reference));
  for (const op of input.ops) {
    const o = input.outcomes[op.index];
    const stored = byReference.get(op.reference) ?? [];
    if (o === undefined) {
      if (stored.length > 1)
        v.push(`create #${op.index} (${op.reference}), never answered, is stored ${stored.length} times`);
      continue;
    }
    if (o.status === 200 && (stored.length !== 1 || stored[0] !== o.id))
      v.push(`create #${o.op.index} (${o.op.reference}) was answered ${o.id} but is stored as [${stored}]`);
    if (o.status === 422 && stored.length !== 0)
      v.push(`create #${o.op.index} (${o.op.reference}) was refused (422) but is stored as [${stored}]`);
  }
  for (const [reference, ids] of byReference) {
    if (!planned.has(reference)) v.push(`transfers [${ids}] carry ${reference}, which no client sent`);
  }

  // 2. Every transfer final; its history one chain from NEW with exactly one final transition.
  const historyOf = new Map<string, HistoryRow[]>();
  for (const h of history) historyOf.set(h.transfer_id, [...(historyOf.get(h.transfer_id) ?? []), h]);
  const eventsOf = new Map<string, EventRow[]>();
  for (const e of events) eventsOf.set(e.object_id, [...(eventsOf.get(e.object_id) ?? []), e]);
  const checkLifecycle = (kind: Kind, id: string, status: string) => {
    const finals: readonly string[] = FINAL[kind];
    if (!finals.includes(status)) v.push(`${kind} ${id} is still ${status}`);
    const steps = (historyOf.get(id) ?? []).filter(
      (h) => h.from_status !== h.to_status && h.to_status !== null,
    );
    if (steps[0]?.from_status !== null || steps[0]?.to_status !== 'NEW')
      v.push(`${kind} ${id}: history does not start with NEW (${JSON.stringify(steps[0])})`);
    for (let i = 1; i < steps.length; i++) {
      if (steps[i]?.from_status !== steps[i - 1]?.to_status)
        v.push(
          `${kind} ${id}: history step ${i} leaves ${steps[i]?.from_status}, but the status was ${steps[i - 1]?.to_status}`,
        );
    }
    const finalSteps = steps.filter((s) => finals.includes(s.to_status ?? ''));
    if (finalSteps.length !== 1)
      v.push(
        `${kind} ${id}: ${finalSteps.length} final transitions in its history (${finalSteps.map((s) => `${s.from_status}→${s.to_status}`).join(', ')})`,
      );
    if (steps.at(-1)?.to_status !== status)
      v.push(`${kind} ${id}: history ends in ${steps.at(-1)?.to_status}, the transfer is ${status}`);
    const finalEvents = (eventsOf.get(id) ?? []).filter((e) => finals.some((f) => e.type === `${kind}.${f}`));
    if (finalEvents.length !== 1 || finalEvents[0]?.type !== `${kind}.${status}`)
      v.push(`${kind} ${id} (${status}): final events [${finalEvents.map((e) => e.type)}]`);
  };
  for (const t of transfers) {
    checkLifecycle('SECURITIES_TRANSFER', t.id, t.status);
    if (t.parked_at !== null) v.push(`securities transfer ${t.id} is parked: ${t.work_error}`);
    if (compareDecimal(dec(t.reserved_quantity), '0') !== 0)
      v.push(`securities transfer ${t.id} (${t.status}) still reserves ${dec(t.reserved_quantity)}`);
  }
  for (const a of accountTransfers) checkLifecycle('ACCOUNT_TRANSFER', a.id, a.status);

  // 3. Positions: the seed plus every settled unit, once; nothing reserved once all is final.
  const expected = new Map<string, string>([...input.seed].map(([k, p]) => [k, p.quantity]));
  for (const t of transfers) {
    const key = positionKey(t.account_id, t.isin);
    const before = expected.get(key) ?? '0';
    const settled = dec(t.quantity_settled);
    expected.set(
      key,
      t.direction === 'INCOMING' ? addDecimal(before, settled) : subtractDecimal(before, settled),
    );
  }
  const now = await readPositions(reader.all);
  for (const key of new Set([...expected.keys(), ...now.keys()])) {
    const want = expected.get(key) ?? '0';
    const have = now.get(key);
    if (compareDecimal(have?.quantity ?? '0', want) !== 0)
      v.push(
        `position ${key}: holds ${have?.quantity ?? 'nothing'}, the seed and the settled transfers make ${want}`,
      );
    if (have && compareDecimal(have.reserved, '0') !== 0)
      v.push(`position ${key}: reserves ${have.reserved} after every transfer is final`);
  }

  // 4. The contended units: never more delivered than held, and some requests refused.
  const sapSeed = input.seed.get(positionKey(DEMO.account, SAP))?.quantity ?? '0';
  const sapOut = transfers.filter(
    (t) => t.direction === 'OUTGOING' && t.account_id === DEMO.account && t.isin === SAP,
  );
  const sapDelivered = sapOut.reduce((sum, t) => addDecimal(sum, dec(t.quantity_settled)), '0');
  const sapRefused = sapOut.filter((t) => t.cancel_reason_code === 'INSUFFICIENT_POSITION').length;
  const sapRequested = sapOut.length;
  if (compareDecimal(sapDelivered, sapSeed) > 0)
    v.push(`SAP of the demo account: ${sapDelivered} delivered out of ${sapSeed} held`);
  if (sapRefused === 0)
    v.push(
      `SAP of the demo account: ${sapRequested} OUTGOING over ${sapSeed} units, none refused for the position`,
    );

  // 5. Webhooks: every event of the tenant arrived, none unknown, and per transfer never before an earlier one.
  const seqOf = new Map(events.map((e) => [e.id, Number(e.seq)]));
  const objectSeqs = new Map<string, number[]>();
  for (const e of events)
    objectSeqs.set(e.object_id, [...(objectSeqs.get(e.object_id) ?? []), Number(e.seq)]);
  const arrived = new Set<string>();
  const arrivedSeq = new Set<number>();
  let outOfOrder = 0;
  let duplicates = 0;
  for (const a of input.arrivals) {
    const seq = seqOf.get(a.eventId);
    if (seq === undefined) {
      v.push(`webhook event ${a.eventId} (${a.type}) arrived but is in no outbox row of the tenant`);
      continue;
    }
    if (arrived.has(a.eventId)) duplicates++;
    const missing = (objectSeqs.get(a.objectId) ?? []).filter((s) => s < seq && !arrivedSeq.has(s));
    if (missing.length > 0) {
      outOfOrder++;
      if (outOfOrder <= 10)
        v.push(
          `webhook event seq ${seq} (${a.type}) of ${a.objectId} arrived before its earlier events seq [${missing}]`,
        );
    }
    arrived.add(a.eventId);
    arrivedSeq.add(seq);
  }
  const lost = events.filter((e) => !arrived.has(e.id));
  for (const e of lost.slice(0, 10))
    v.push(`webhook event seq ${e.seq} ${e.type} of ${e.object_id} (id ${e.id}) never arrived`);
  if (lost.length > 10) v.push(`… ${lost.length} events never arrived in all`);
  if (outOfOrder > 10) v.push(`… ${outOfOrder} events arrived out of order in all`);

  return {
    violations: v,
    figures: {
      securitiesTransfers: transfers.length,
      accountTransfers: accountTransfers.length,
      settled: transfers.filter((t) => t.status === 'SETTLED').length,
      cancelled: transfers.filter((t) => t.status === 'CANCELLED').length,
      refusedForPosition: transfers.filter((t) => t.cancel_reason_code === 'INSUFFICIENT_POSITION').length,
      sapRequested,
      sapRefused,
      events: events.length,
      deliveredEvents: input.arrivals.length,
      duplicateEvents: duplicates,
    },
  };
}
