import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../api/src/lib/clock.js';
import { parsePrometheusText, sampleValue } from '../../api/test/prometheus-text.js';
import { logLines, openTransfers, seedAutoTransfers } from './process-helpers.js';
import { type System, startSystem, waitFor } from './system.js';
import { exited, spawnWorker } from './worker-process.js';

describe('the worker’s /metrics on its status port', () => {
  let s: System;
  const children: ReturnType<typeof spawnWorker>[] = [];
  beforeEach(async () => {
    s = await startSystem({ clock: systemClock });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    await s.close();
  });

  it('answers in Prometheus text: passes, custodian messages by type and outcome, the lag it read', async () => {
    await seedAutoTransfers(s, 20);
    const worker = spawnWorker(s.url, { STATUS_PORT: '0', HOUSEKEEPING_INTERVAL_MS: '0' });
    children.push(worker);
    let url: string | undefined;
    await waitFor(() => {
      url = logLines(worker.output).find((l) => l.msg === 'status server listening')?.metrics_url as string;
      return url !== undefined;
    }, 'the status server');
    await waitFor(() => openTransfers(s) === 0, 'every transfer final', 60_000);

    const answer = await fetch(String(url));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(await answer.text());
    expect(sampleValue(families, 'tbo_reconciler_passes_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sampleValue(families, 'tbo_reconciler_claimed_total')).toBeGreaterThan(0);
    // seedAutoTransfers: half INCOMING (MT540), half OUTGOING (MT542), answered by the simulated custodian.
    const sent = (type: string) =>
      sampleValue(families, 'tbo_custodian_messages_total', { direction: 'out', type, outcome: 'sent' });
    expect(sent('MT540') + sent('MT542')).toBeGreaterThan(0);
    const booked = ['MT544', 'MT546', 'MT548'].map((type) =>
      sampleValue(families, 'tbo_custodian_messages_total', { direction: 'in', type, outcome: 'booked' }),
    );
    expect(booked.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(families.get('tbo_reconciler_lag_seconds')?.type).toBe('gauge');
    expect(families.get('tbo_reconciler_queue')?.samples.map((q) => q.labels.figure)).toContain('parked');
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
  }, 120_000);
});
