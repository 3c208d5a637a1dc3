import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The api as production runs it – `node dist/server.js`, the built bundle
 * with its built writer thread – on a free port of 127.0.0.1. The bench
 * script builds it first; tsx's on-the-fly transpiling (and the names it
 * keeps) cost about a tenth of the throughput and would measure something
 * no deployment runs.
 */
export async function startApiProcess(
  databasePath: string,
  options: { env?: Record<string, string>; entry?: string } = {},
): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const entry = options.entry ?? join(apiRoot, 'dist', 'server.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run the build first (pnpm --filter @tbo/api bench does)`);
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      entry,
    ],
    {
      cwd: apiRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_PATH: databasePath,
        PORT: '0',
        DEMO_DATA: '0',
        WEBHOOKS_DISPATCHER: 'off',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const readStartLine = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
      if (!match?.[1]) return;
      // From here on the api's log lines (one per request) are read and dropped:
      // kept, they would grow without bound in this process, which also makes the load.
      child.stdout?.off('data', readStartLine);
      child.stdout?.resume();
      resolve(match[1]);
    };
    child.stdout?.on('data', readStartLine);
    child.once('exit', (code) => reject(new Error(`api exited early with ${code}`)));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
