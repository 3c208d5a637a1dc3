// Test setup only: the real api, the real worker process and the swift-files custodian folders.
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CUSTODIAN_ACCOUNTS } from '../../api/src/demo/seed-demo.js';
import { type Family, parsePrometheusText } from '../../api/test/prometheus-text.js';
import { logLines } from './process-helpers.js';
import { type System, startSystem, waitFor } from './system.js';
import { exited, spawnWorker } from './worker-process.js';

export interface SwiftProcessSystem extends System {
  inbox: string;
  outbox: string;
  /** Puts a message into the inbox as the custodian does (written aside, then renamed). */
  drop(name: string, text: string): void;
  /** Waits until the worker has written `name` into the outbox. */
  sent(name: string): Promise<void>;
  /** Waits until the worker has taken `name` out of the inbox (processed or quarantined). */
  taken(name: string): Promise<'processed' | 'quarantine'>;
  /** The worker's /metrics, parsed (its status port). */
  metrics(): Promise<Map<string, Family>>;
  stop(): Promise<void>;
}

/** Puts a message into an inbox as a custodian does: a running worker never sees half of it (it skips *.tmp files). */
export function dropMessage(inbox: string, name: string, text: string): void {
  writeFileSync(join(inbox, `${name}.tmp`), text);
  renameSync(join(inbox, `${name}.tmp`), join(inbox, name));
}

/** Our safekeeping account for a demo account (its custodian account number), as the custodian writes it back. */
export function safe(accountId: string): string {
  const number = DEMO_CUSTODIAN_ACCOUNTS[accountId];
  if (number === undefined) throw new Error(`no custodian account number for ${accountId}`);
  return number;
}

export async function startSwiftProcess(): Promise<SwiftProcessSystem> {
  const s = await startSystem();
  const dir = mkdtempSync(join(tmpdir(), 'tbo-swift-process-'));
  const inbox = join(dir, 'inbox');
  const outbox = join(dir, 'outbox');
  const worker = spawnWorker(s.url, {
    CUSTODIAN: 'swift-files',
    SWIFT_INBOX: inbox,
    SWIFT_OUTBOX: outbox,
    HOUSEKEEPING_INTERVAL_MS: '50',
    LIVE_MODE: '1',
    STATUS_PORT: '0',
  });
  await waitFor(() => existsSync(join(inbox, 'quarantine')), 'the worker to create its folders');
  const where = (name: string) =>
    existsSync(join(inbox, 'processed', name))
      ? 'processed'
      : existsSync(join(inbox, 'quarantine', name))
        ? 'quarantine'
        : undefined;
  return {
    ...s,
    inbox,
    outbox,
    drop: (name, text) => dropMessage(inbox, name, text),
    sent: (name) => waitFor(() => readdirSync(outbox).includes(name), `${name} in the outbox`),
    async taken(name) {
      await waitFor(() => where(name) !== undefined, `${name} taken from the inbox`);
      return where(name) as 'processed' | 'quarantine';
    },
    async metrics() {
      let url: unknown;
      await waitFor(() => {
        url = logLines(worker.output).find((l) => l.msg === 'status server listening')?.metrics_url;
        return url !== undefined;
      }, 'the status server');
      return parsePrometheusText(await (await fetch(String(url))).text());
    },
    async stop() {
      worker.kill('SIGTERM');
      const exit = await exited(worker);
      await s.close();
      rmSync(dir, { recursive: true, force: true });
      if (exit.code !== 0)
        throw new Error(`worker exited with ${JSON.stringify(exit)}: ${worker.output.join('')}`);
    },
  };
}
