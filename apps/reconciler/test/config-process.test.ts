import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_EXIT_CODE } from '../src/config.js';
import { logLines } from './process-helpers.js';
import { exited, spawnWorker } from './worker-process.js';

// Nothing listens here: these workers only start (and say how).
const NO_API = 'http://127.0.0.1:9';

/** The first log line with this msg, once written. */
async function logLine(worker: ChildProcess & { output: string[] }, msg: string) {
  const started = Date.now();
  for (;;) {
    const line = logLines(worker.output).find((l) => l.msg === msg);
    if (line !== undefined) return line;
    if (worker.exitCode !== null)
      throw new Error(`exited with ${worker.exitCode}: ${worker.output.join('')}`);
    if (Date.now() - started > 20_000) throw new Error(`no ${msg} line: ${worker.output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the worker process and its configuration', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('stops on a bad value with one line naming the variable, and does not start', async () => {
    const worker = spawnWorker(NO_API, { BATCH_SIZE: 'lots' });
    children.push(worker);
    expect(await exited(worker)).toEqual({ code: CONFIG_EXIT_CODE, signal: null });
    expect(worker.output.join('')).toBe(
      'configuration error: BATCH_SIZE must be a whole number from 1 to 1600, not lots\n',
    );
  });

  it.each(['1', 'true'])('runs live with LIVE_MODE=%s, as the api and the dispatcher', async (word) => {
    const dir = mkdtempSync(join(tmpdir(), 'tbo-live-'));
    dirs.push(dir);
    const worker = spawnWorker(NO_API, {
      LIVE_MODE: word,
      CUSTODIAN: 'swift-files',
      SWIFT_INBOX: join(dir, 'inbox'),
      SWIFT_OUTBOX: join(dir, 'outbox'),
      SERVICE_TOKEN: 'worker-secret-0123456789',
    });
    children.push(worker);
    const started = await logLine(worker, 'reconciler starting');
    expect(started).toMatchObject({
      level: 'info',
      name: 'reconciler',
      config: { LIVE_MODE: true, CUSTODIAN: 'swift-files', SERVICE_TOKEN: '[redacted]' },
    });
    expect(worker.output.join('')).not.toContain('worker-secret');
  });
});
