// The system's processes for whole-system tests and benchmarks: the api, the
// webhook dispatcher and the reconciler, each its own node process on 127.0.0.1,
// each log written to a file (kept for a failure report), started, killed and
// restarted with the same environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APPS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export type ProcessKind = 'api' | 'dispatcher' | 'reconciler';

/**
 * How a kind is started: `source` runs the TypeScript through tsx as the other
 * process tests do (always the code of the working tree); `dist` runs the
 * built bundle as `pnpm start` and the benchmarks do.
 */
const ENTRIES: Record<ProcessKind, { cwd: string; source: string; dist: string; ready: string }> = {
  api: { cwd: join(APPS, 'api'), source: 'src/server.ts', dist: 'dist/server.js', ready: 'api listening' },
  dispatcher: {
    cwd: join(APPS, 'api'),
    source: 'src/webhooks/main.ts',
    dist: 'dist/dispatcher.js',
    ready: 'webhook dispatcher started',
  },
  reconciler: {
    cwd: join(APPS, 'reconciler'),
    source: 'src/main.ts',
    dist: 'dist/main.js',
    ready: 'reconciler starting',
  },
};

/** A free TCP port on 127.0.0.1 (for a process that must come back on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface LogLine {
  level?: number | string;
  msg?: string;
  [key: string]: unknown;
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** A log line's level as pino numbers it (the processes write it as a word or a number). */
export function levelOf(line: LogLine): number {
  return typeof line.level === 'number' ? line.level : (LEVELS[line.level ?? ''] ?? 0);
}

/** One named process of the system, restartable with the environment it was first given. */
export class SystemProcess {
  child: ChildProcess | undefined;
  /** Every incarnation's log file, oldest first. */
  readonly logFiles: string[] = [];
  /** JSON log lines at level warn (40) or above, of every incarnation. */
  readonly problems: { file: string; line: LogLine }[] = [];
  private starts = 0;
  private log: WriteStream | undefined;

  constructor(
    readonly name: string,
    readonly kind: ProcessKind,
    private readonly env: Record<string, string>,
    private readonly options: { logDir: string; mode: 'source' | 'dist'; watch: boolean },
  ) {}

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves with its start-up log line (an early exit rejects, naming the log). */
  start(timeoutMs = 60_000): Promise<LogLine> {
    const entry = ENTRIES[this.kind];
    const script = this.options.mode === 'dist' ? entry.dist : entry.source;
    if (!existsSync(join(entry.cwd, script))) {
      throw new Error(`${join(entry.cwd, script)} is missing: build first (turbo run build)`);
    }
    const args =
      this.options.mode === 'dist' ? [script] : ['--conditions=@tbo/source', '--import', 'tsx', script];
    const file = join(this.options.logDir, `${this.name}-${++this.starts}.log`);
    this.logFiles.push(file);
    const log = createWriteStream(file);
    this.log = log;
    const child = spawn(process.execPath, args, {
      cwd: entry.cwd,
      env: { ...process.env, NODE_ENV: 'production', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let pending = '';
    let ready: ((line: LogLine) => void) | undefined;
    const readLines = (chunk: Buffer) => {
      log.write(chunk);
      if (!ready && !this.options.watch) return;
      pending += chunk.toString();
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
        if (!text.startsWith('{')) continue;
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          continue;
        }
        if (levelOf(line) >= 40) this.problems.push({ file, line });
        if (line.msg === entry.ready) ready?.(line);
      }
    };
    child.stdout?.on('data', readLines);
    child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.name} did not log "${entry.ready}" within ${timeoutMs} ms (log: ${file})`));
      }, timeoutMs);
      ready = (line) => {
        clearTimeout(timer);
        ready = undefined;
        resolve(line);
      };
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (ready)
          reject(new Error(`${this.name} exited (${signal ?? code}) before it started (log: ${file})`));
      });
    });
  }

  private exited(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** SIGKILL: no shutdown path runs (a crash, an OOM kill, a pulled plug). */
  async kill(): Promise<void> {
    const done = this.exited();
    this.child?.kill('SIGKILL');
    await done;
    this.log?.end();
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    const done = this.exited();
    this.child?.kill('SIGTERM');
    const force = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(force);
    this.log?.end();
  }
}
