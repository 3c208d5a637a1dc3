import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_EXIT_CODE } from '../src/config/config.js';
import { parsePrometheusText } from './prometheus-text.js';

const API_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** An entry point as production runs it (through tsx), in a fresh folder. */
function run(entry: 'src/server.ts' | 'src/webhooks/main.ts', dir: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--conditions=@tbo/source', '--import', 'tsx', entry], {
    cwd: API_ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: join(dir, 'api.sqlite'),
      PORT: '0',
      WEBHOOKS_DISPATCHER: 'off',
      DEMO_DATA: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The first stdout line whose msg is `msg`, once written. */
async function logLine(running: Run, msg: string): Promise<Record<string, unknown>> {
  for (;;) {
    const line = running
      .stdout()
      .split('\n')
      .find((l) => l.includes(`"msg":"${msg}"`));
    if (line !== undefined) return JSON.parse(line) as Record<string, unknown>;
    if (running.child.exitCode !== null)
      throw new Error(`exited with ${running.child.exitCode}: ${running.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the configuration, as each process of the api app starts', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const start = (entry: Parameters<typeof run>[0], env: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tbo-config-'));
    dirs.push(dir);
    const running = run(entry, dir, env);
    children.push(running.child);
    return { ...running, dir };
  };
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('stops the api on a bad value with one line naming each variable, before opening the database', async () => {
    const api = start('src/server.ts', { PORT: 'http', METRICS_TOKEN: 'short-secret' });
    expect(await api.exited).toBe(CONFIG_EXIT_CODE);
    expect(api.stderr()).toBe(
      'configuration error: PORT must be a whole number from 0 to 65535, not http; METRICS_TOKEN must be at least 16 characters\n',
    );
    expect(api.stdout()).toBe('');
    expect(existsSync(join(api.dir, 'api.sqlite'))).toBe(false);
  });

  it('logs a crash at start-up as one fatal JSON line with its cause, and exits 1', async () => {
    // A valid setting the machine cannot honour: the database's folder is a file.
    const api = start('src/server.ts', { DATABASE_PATH: join(API_ROOT, 'package.json', 'api.sqlite') });
    expect(await api.exited).toBe(1);
    const lines = api.stdout().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'fatal',
      name: 'api',
      msg: 'uncaught exception',
      err: { message: expect.stringContaining('package.json') },
    });
  });

  it('stops the webhook dispatcher on a bad value, naming the variable', async () => {
    const dispatcher = start('src/webhooks/main.ts', { WEBHOOKS_POLL_MS: 'soon' });
    expect(await dispatcher.exited).toBe(CONFIG_EXIT_CODE);
    expect(dispatcher.stderr()).toBe(
      'configuration error: WEBHOOKS_POLL_MS must be a whole number from 1 to 3600000, not soon\n',
    );
  });

  it.each(['1', 'true'])(
    'runs the dispatcher live with LIVE_MODE=%s, as the api and the reconciler',
    async (word) => {
      const dispatcher = start('src/webhooks/main.ts', { LIVE_MODE: word, METRICS_PORT: '0' });
      const started = await logLine(dispatcher, 'webhook dispatcher started');
      expect(started).toMatchObject({
        level: 'info',
        name: 'dispatcher',
        live: true,
        config: { LIVE_MODE: true },
      });
    },
  );

  it("prints the api's effective configuration at start-up, secrets redacted", async () => {
    const api = start('src/server.ts', {
      LIVE_MODE: 'true',
      SERVICE_CREDENTIALS: 'monitor=monitor-secret-0123456789abcdef',
      METRICS_TOKEN: 'metrics-secret-0123456789',
    });
    const listening = await logLine(api, 'api listening');
    expect(listening).toMatchObject({
      level: 'info',
      name: 'api',
      live: true,
      config: {
        LIVE_MODE: true,
        PORT: 0,
        WRITER_THREAD: 'auto',
        SERVICE_CREDENTIALS: '[redacted]',
        METRICS_TOKEN: '[redacted]',
      },
    });
    expect(api.stdout()).not.toContain('monitor-secret');
    expect(api.stdout()).not.toContain('metrics-secret');
    // Its own /metrics, from loopback.
    const metrics = await fetch(`${String(listening.url)}/metrics`);
    expect(metrics.status).toBe(200);
    expect(parsePrometheusText(await metrics.text()).get('process_cpu_seconds_total')?.type).toBe('counter');
  });
});
