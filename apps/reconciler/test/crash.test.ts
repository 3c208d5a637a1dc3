import { addDecimal, subtractDecimal } from '@tbo/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../api/src/lib/clock.js';
import { APPLE, NETFLIX, SAP, securities } from './requests.js';
import { DEMO, type System, startSystem, waitFor } from './system.js';
import { exited, spawnWorker } from './worker-process.js';

const VARIANTS = ['AUTO-', 'AUTO-PARTIAL-', 'AUTO-REJECT-', 'AUTO-CANCEL-', 'AUTO-'];

describe('crash safety of the worker process', () => {
  let s: System;
  beforeEach(async () => {
    s = await startSystem({ clock: systemClock });
  });
  afterEach(() => s.close());

  const count = (sql: string) => (s.t.db.$client.prepare(sql).get() as { n: number }).n;

  it('loses nothing and applies nothing twice when SIGKILLed mid-batch and restarted', async () => {
    const initial = s.t.db.$client.prepare('SELECT account_id, isin, quantity FROM positions').all() as {
      account_id: string;
      isin: string;
      quantity: string;
    }[];
    const total = 600;
    for (let i = 0; i < total; i++) {
      const direction = i % 2 === 0 ? 'INCOMING' : 'OUTGOING';
      const accountId = i % 3 === 0 ? DEMO.secondAccount : DEMO.account;
      const isin =
        direction === 'OUTGOING' && accountId === DEMO.account
          ? [APPLE, SAP][i % 2 === 1 ? (i >> 1) % 2 : 0]
          : [APPLE, NETFLIX][i % 2];
      const quantity = String(1 + (i % 3));
      await s.client.securitiesTransfers.create(
        securities(direction, isin ?? APPLE, quantity, `${VARIANTS[i % VARIANTS.length]}${i}`, accountId),
      );
    }
    let interrupted = 0;
    const leased = () =>
      count(
        `SELECT count(*) AS n FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING') AND lease_expires_at > '${new Date().toISOString()}'`,
      );
    const open = () =>
      count(`SELECT count(*) AS n FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING')`);

    for (const stopAt of [total * 0.8, total * 0.4]) {
      const worker = spawnWorker(s.url);
      // Kill while a claimed batch is in hand (leased rows), i.e. mid-batch.
      await waitFor(() => open() < stopAt && leased() > 0, `progress below ${stopAt}`, 60_000);
      worker.kill('SIGKILL');
      interrupted += leased();
      expect((await exited(worker)).signal).toBe('SIGKILL');
    }
    expect(open()).toBeGreaterThan(0);
    expect(interrupted).toBeGreaterThan(0);
    const last = spawnWorker(s.url);
    await waitFor(() => open() === 0, 'every transfer final', 60_000);
    last.kill('SIGTERM');
    expect(await exited(last)).toEqual({ code: 0, signal: null });

    // One history row and one outbox event per transition, in a consistent chain.
    const rows = s.t.db.$client.prepare('SELECT id, status FROM securities_transfers').all() as {
      id: string;
      status: string;
    }[];
    const history = s.t.db.$client.prepare(
      'SELECT from_status AS f, to_status AS t FROM transfer_history WHERE transfer_id = ? ORDER BY id',
    );
    const events = s.t.db.$client.prepare('SELECT type FROM outbox_events WHERE object_id = ? ORDER BY seq');
    for (const row of rows) {
      const h = history.all(row.id) as { f: string | null; t: string }[];
      const e = (events.all(row.id) as { type: string }[]).map((x) => x.type);
      expect(h[0]).toEqual({ f: null, t: 'NEW' });
      expect(h.slice(1).map((step) => step.f)).toEqual(h.slice(0, -1).map((step) => step.t));
      const statuses = h.filter((step) => step.f !== step.t).map((step) => step.t);
      expect(new Set(statuses).size).toBe(statuses.length);
      expect(statuses.at(-1)).toBe(row.status);
      expect(e).toEqual(
        h.map((step) => `SECURITIES_TRANSFER.${step.f === step.t ? 'DATA_CHANGED' : step.t}`),
      );
    }
    expect(
      count(`SELECT count(*) AS n FROM securities_transfers WHERE status NOT IN ('SETTLED', 'CANCELLED')`),
    ).toBe(0);
    expect(count(`SELECT count(*) AS n FROM securities_transfers WHERE status = 'SETTLED'`)).toBeGreaterThan(
      total / 3,
    );

    // Positions: initial + settled incoming − settled outgoing; nothing left reserved.
    const settled = s.t.db.$client
      .prepare(
        `SELECT account_id, isin, direction, quantity_settled AS q FROM securities_transfers WHERE status = 'SETTLED'`,
      )
      .all() as { account_id: string; isin: string; direction: string; q: string }[];
    const expected = new Map(initial.map((p) => [`${p.account_id}/${p.isin}`, p.quantity]));
    for (const t of settled) {
      const key = `${t.account_id}/${t.isin}`;
      const before = expected.get(key) ?? '0';
      expected.set(key, t.direction === 'INCOMING' ? addDecimal(before, t.q) : subtractDecimal(before, t.q));
    }
    const now = s.t.db.$client
      .prepare('SELECT account_id, isin, quantity, reserved FROM positions')
      .all() as {
      account_id: string;
      isin: string;
      quantity: string;
      reserved: string;
    }[];
    expect(Object.fromEntries(now.map((p) => [`${p.account_id}/${p.isin}`, p.quantity]))).toEqual(
      Object.fromEntries(expected),
    );
    expect(now.every((p) => p.reserved === '0')).toBe(true);
  });
});
