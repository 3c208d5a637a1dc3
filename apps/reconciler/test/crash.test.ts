import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../api/src/lib/clock.js';
import {
  countOf,
  expectHistoryConsistent,
  expectPositionsConsistent,
  gateProcessBatch,
  leasedTransfers,
  openTransfers,
  seedAutoTransfers,
} from './process-helpers.js';
import { type System, startSystem, waitFor } from './system.js';
import { exited, spawnWorker } from './worker-process.js';

describe('crash safety of the worker process', () => {
  let s: System;
  beforeEach(async () => {
    s = await startSystem({ clock: systemClock });
  });
  afterEach(() => s.close());

  it('loses nothing and applies nothing twice when SIGKILLed mid-batch and restarted', async () => {
    const total = 600;
    const initial = await seedAutoTransfers(s, total);
    let interrupted = 0;
    const gate = gateProcessBatch(s.server);
    for (const stopAt of [total * 0.8, total * 0.4]) {
      const worker = spawnWorker(s.url);
      await waitFor(() => openTransfers(s) < stopAt, `progress below ${stopAt}`, 60_000);
      // Kill with a claimed batch in hand: its record call is held at the api, its rows leased.
      gate.close();
      await waitFor(() => gate.held > 0, 'a batch in hand', 30_000);
      interrupted += leasedTransfers(s);
      worker.kill('SIGKILL');
      expect((await exited(worker)).signal).toBe('SIGKILL');
      // The api then receives the dead worker's last call, as if it had arrived just before the crash.
      gate.open();
    }
    expect(openTransfers(s)).toBeGreaterThan(0);
    expect(interrupted).toBeGreaterThan(0);
    const last = spawnWorker(s.url);
    await waitFor(() => openTransfers(s) === 0, 'every transfer final', 60_000);
    last.kill('SIGTERM');
    expect(await exited(last)).toEqual({ code: 0, signal: null });

    // One history row and one outbox event per transition, in a consistent chain; no confirmation twice.
    expectHistoryConsistent(s);
    expect(
      countOf(s, `SELECT count(*) AS n FROM securities_transfers WHERE status = 'SETTLED'`),
    ).toBeGreaterThan(total / 3);
    // Positions: initial + settled incoming − settled outgoing; nothing left reserved.
    expectPositionsConsistent(s, initial);
  });
});
