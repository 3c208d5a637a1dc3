// A whole system on 127.0.0.1 for tests and benchmarks: api instances on one
// database (one PostgreSQL server of its own, or a SQLite file), webhook
// dispatchers as their own processes, reconcilers with the simulated
// custodian – configured as docs/operations.md describes and as
// scripts/start-system.mjs starts them (demo data, the demo client's key file,
// a service credential for the reconcilers).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@tbo/signing';
import { type PostgresServer, startPostgresServer } from './postgres-server.js';
import { freePort, SystemProcess } from './system-processes.js';
import { postgresReader, type SystemReader, sqliteReader } from './system-reader.js';

export interface SystemOptions {
  database: 'postgres' | 'sqlite';
  apis: number;
  dispatchers: number;
  reconcilers: number;
  mode?: 'source' | 'dist';
  /** Extra environment for every api / reconciler. */
  apiEnv?: Record<string, string>;
  reconcilerEnv?: Record<string, string>;
  demoData?: boolean;
  /** Read every log line for problems (default), or only up to the start-up line (benchmarks). */
  watchLogs?: boolean;
  /** The demo client's key: ECDSA P-256 as `pnpm start` makes it, or Ed25519 (cheaper to sign, for load). */
  demoKeyAlgorithm?: 'ecdsa-p256-sha512' | 'ed25519';
}

export interface RunningSystem {
  dir: string;
  logDir: string;
  /** Where the data lives, for a reader of its own. */
  databaseUrl: string | undefined;
  databasePath: string | undefined;
  apis: SystemProcess[];
  apiUrls: string[];
  dispatchers: SystemProcess[];
  reconcilers: SystemProcess[];
  /** The demo client's private key (PEM), as `pnpm start` leaves it next to the data. */
  demoKeyPem: string;
  reader: SystemReader;
  /** Milliseconds from the first process started to every api answering. */
  startedInMs: number;
  /** A further process of this system (its environment as the others of its kind get it), started. */
  add(kind: 'dispatcher' | 'reconciler', env?: Record<string, string>): Promise<SystemProcess>;
  /** Stops every process (SIGTERM), the reader and the database server; keeps the folder when `keepFiles`. */
  stop(keepFiles: boolean): Promise<void>;
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-system-'));
  const logDir = join(dir, 'logs');
  mkdirSync(logDir);
  const mode = options.mode ?? 'source';
  let server: PostgresServer | undefined;
  const processes: SystemProcess[] = [];
  let reader: SystemReader | undefined;
  const stop = async (keepFiles: boolean) => {
    await Promise.all(processes.map((p) => p.stop()));
    await reader?.close();
    await server?.stop();
    if (!keepFiles) rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The processes' pools (10 each by default) and the reader's fit easily under 200.
    server = options.database === 'postgres' ? await startPostgresServer({ maxConnections: 200 }) : undefined;
    const databaseUrl = server ? await server.createDatabase('tbo_system') : undefined;
    const databasePath = server ? undefined : join(dir, 'transfers.sqlite');
    const database: Record<string, string> = databaseUrl
      ? { DATABASE_URL: databaseUrl }
      : { DATABASE_PATH: databasePath ?? '' };
    // The demo key file exists before the instances start, so every one registers the same key.
    const demoKeyPath = join(dir, 'demo-client-key.pem');
    const demoKeyPem = generateKeyPair(options.demoKeyAlgorithm ?? 'ecdsa-p256-sha512').privateKey;
    writeFileSync(demoKeyPath, demoKeyPem, { mode: 0o600 });
    const token = randomBytes(24).toString('base64url');
    const ports = await Promise.all(Array.from({ length: options.apis }, () => freePort()));
    const apiUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    const apis = ports.map(
      (port, i) =>
        new SystemProcess(
          `api-${i + 1}`,
          'api',
          {
            ...database,
            PORT: String(port),
            HOST: '127.0.0.1',
            DEMO_DATA: options.demoData === false ? '0' : '1',
            DEMO_CLIENT_KEY_PATH: demoKeyPath,
            SERVICE_CREDENTIALS: `reconciler=${token}`,
            WEBHOOKS_DISPATCHER: 'off',
            ...options.apiEnv,
          },
          { logDir, mode, watch: options.watchLogs ?? true },
        ),
    );
    const dispatcher = (i: number, env: Record<string, string> = {}) =>
      new SystemProcess(
        `dispatcher-${i + 1}`,
        'dispatcher',
        { ...database, WEBHOOKS_POLL_MS: '200', ...env },
        { logDir, mode, watch: options.watchLogs ?? true },
      );
    const reconciler = (i: number, env: Record<string, string> = {}) =>
      new SystemProcess(
        `reconciler-${i + 1}`,
        'reconciler',
        {
          // One api each, in turn.
          API_URL: apiUrls[i % apiUrls.length] ?? '',
          SERVICE_TOKEN: token,
          CUSTODIAN: 'simulated',
          ...options.reconcilerEnv,
          ...env,
        },
        { logDir, mode, watch: options.watchLogs ?? true },
      );
    const dispatchers = Array.from({ length: options.dispatchers }, (_, i) => dispatcher(i));
    const reconcilers = Array.from({ length: options.reconcilers }, (_, i) => reconciler(i));
    processes.push(...apis, ...dispatchers, ...reconcilers);
    const started = Date.now();
    // Instances start together, as a deployment starts them: one migrates, the others wait.
    await Promise.all(apis.map((api) => api.start()));
    const startedInMs = Date.now() - started;
    await Promise.all([...dispatchers, ...reconcilers].map((p) => p.start()));
    reader = databaseUrl ? postgresReader(databaseUrl) : sqliteReader(databasePath ?? '');
    return {
      dir,
      logDir,
      databaseUrl,
      databasePath,
      apis,
      apiUrls,
      dispatchers,
      reconcilers,
      demoKeyPem,
      reader,
      startedInMs,
      async add(kind, env) {
        const list = kind === 'dispatcher' ? dispatchers : reconcilers;
        const added = (kind === 'dispatcher' ? dispatcher : reconciler)(list.length, env);
        list.push(added);
        processes.push(added);
        await added.start();
        return added;
      },
      stop,
    };
  } catch (error) {
    await stop(true);
    throw new Error(`the system did not start (logs kept in ${logDir}): ${String(error)}`);
  }
}
