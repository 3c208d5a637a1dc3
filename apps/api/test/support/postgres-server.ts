// A throwaway PostgreSQL server for tests: Debian's binaries (installed by
// scripts/ensure-postgres.sh), a fresh cluster in a temporary directory,
// listening on 127.0.0.1 on a free port, tuned for speed over durability.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN_DIR = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
// PostgreSQL refuses to run as root; Debian's package creates this user.
const SERVER_OS_USER = 'postgres';
const SUPERUSER = 'tbo';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface PostgresServer {
  readonly port: number;
  /** The URL of a database on this server (the superuser, no password: trust on loopback). */
  urlOf(database: string): string;
  /**
   * Creates a database (binary collation, as the api requires) and returns its
   * URL: empty, or a copy of `template` (a database nobody is connected to).
   */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Stops the server and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

interface RunAs {
  /** setpriv options that run a binary as the server's OS user (none when we are not root). */
  credentials: string[];
  uid?: number;
  gid?: number;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { credentials: [] };
  let ids: string[];
  try {
    ids = execFileSync('id', ['-u', SERVER_OS_USER], { encoding: 'utf8' }).trim().split(/\s+/);
    ids.push(execFileSync('id', ['-g', SERVER_OS_USER], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error(`running as root needs the OS user ${SERVER_OS_USER}: run scripts/ensure-postgres.sh`);
  }
  return {
    credentials: ['setpriv', `--reuid=${SERVER_OS_USER}`, `--regid=${SERVER_OS_USER}`, '--init-groups'],
    uid: Number(ids[0]),
    gid: Number(ids[1]),
  };
}

function freePort(): Promise<number> {
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

function binary(name: string): string {
  const path = join(BIN_DIR, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/ensure-postgres.sh`);
  return path;
}

function exec(as: RunAs, command: string, args: string[]): void {
  execFileSync('setpriv', [...as.credentials, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitUntilReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL exited during start-up:\n${log()}`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections: ${error}\n${log()}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT is PostgreSQL's fast shutdown: roll back, disconnect, exit.
    child.kill('SIGINT');
  });
}

/** Starts a fresh server; call `stop()` in teardown (afterAll or a finally). */
export async function startPostgresServer(
  options: { maxConnections?: number } = {},
): Promise<PostgresServer> {
  const as = runAs();
  const root = mkdtempSync(join(tmpdir(), 'tbo-pg-'));
  if (as.uid !== undefined && as.gid !== undefined) chownSync(root, as.uid, as.gid);
  const dataDir = join(root, 'data');
  let child: ChildProcess | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child) await stopChild(child);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    exec(as, binary('initdb'), [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: root,
      // A throwaway cluster: nothing needs to survive a crash.
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      shared_buffers: '32MB',
      max_connections: String(options.maxConnections ?? 60),
    };
    let log = '';
    // --pdeathsig: a test process that dies, even by SIGKILL, takes its server with it.
    child = spawn(
      'setpriv',
      [
        ...as.credentials,
        '--pdeathsig=SIGINT',
        binary('postgres'),
        '-D',
        dataDir,
        ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-8_000);
    });
    await waitUntilReady(port, child, () => log);
    const urlOf = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
    return {
      port,
      urlOf,
      async createDatabase(name: string, template = 'template0') {
        for (const plain of [name, template]) {
          if (!/^[a-z_][a-z0-9_]*$/.test(plain)) throw new Error(`not a plain database name: ${plain}`);
        }
        const admin = new pg.Client({ connectionString: urlOf('postgres') });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} ENCODING 'UTF8' LOCALE 'C'`);
        } finally {
          await admin.end();
        }
        return urlOf(name);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
