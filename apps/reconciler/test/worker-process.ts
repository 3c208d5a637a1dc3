import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { INTERNAL_TOKEN } from './system.js';

const reconcilerRoot = fileURLToPath(new URL('..', import.meta.url));

/** The real worker as a child process (`node --import tsx src/main.ts`), as production runs it. */
export function spawnWorker(
  apiUrl: string,
  env: Record<string, string> = {},
): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, ['--conditions=@tbo/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: reconcilerRoot,
    env: {
      ...process.env,
      API_URL: apiUrl,
      SERVICE_TOKEN: INTERNAL_TOKEN,
      CUSTODIAN: 'simulated',
      SIM_SETTLE_AFTER_MS: '0',
      POLL_INTERVAL_MS: '20',
      BATCH_SIZE: '25',
      LEASE_SECONDS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return Object.assign(child, { output });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
