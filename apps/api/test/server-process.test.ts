import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTransfersClient } from '@tbo/signing';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO, SEED_SECURITIES_REQUEST } from './harness.js';

const API_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  child: ChildProcess;
  listening: Promise<Record<string, unknown>>;
  stderr: () => string;
}

/** The api as its own process, as the start command runs it (src/server.ts through tsx). */
function startServer(dir: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--conditions=@tbo/source', '--import', 'tsx', 'src/server.ts'], {
    cwd: API_ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: join(dir, 'api.sqlite'),
      PORT: '0',
      HOST: '127.0.0.1',
      WEBHOOKS_DISPATCHER: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (line.includes('"api listening"')) resolve(JSON.parse(line) as Record<string, unknown>);
      }
    });
    child.once('exit', (code) => reject(new Error(`api exited with ${code}: ${err}`)));
  });
  return { child, listening, stderr: () => err };
}

describe('the api process', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbo-server-'));
    dirs.push(dir);
    return dir;
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

  it('puts client writes on the writer thread when there is a second core, and serves signed creates through it', async () => {
    const server = startServer(tempDir(), {});
    children.push(server.child);
    const listening = await server.listening;
    expect(listening.writer_thread).toBe(availableParallelism() >= 2);
    if (listening.writer_thread) expect(listening.writer_batch_max).toBe(12);
    const client = createTransfersClient({
      baseUrl: String(listening.url),
      clientId: DEMO.tenant.clientId,
      clientSecret: DEMO.tenant.clientSecret,
      keyId: String(listening.demo_key_id),
      privateKey: readFileSync(String(listening.demo_private_key), 'utf8'),
    });
    const created = await client.request('POST', '/securities_transfers', {
      body: { ...SEED_SECURITIES_REQUEST, settlement_reference: 'PROCESS1' },
    });
    expect(created.status).toBe(200);
    const id = (created.body as { id: string }).id;
    const read = await client.request('GET', `/securities_transfers/${id}`);
    expect(read.body).toEqual(created.body);
    server.child.kill('SIGTERM');
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to start with a WRITER_THREAD value it does not know', async () => {
    const server = startServer(tempDir(), { WRITER_THREAD: 'sometimes' });
    children.push(server.child);
    await expect(server.listening).rejects.toThrow(/WRITER_THREAD must be on, off or auto/);
  });

  it.each(['0', '2.5', 'many'])('refuses to start with WRITER_BATCH_MAX=%s', async (value) => {
    const server = startServer(tempDir(), { WRITER_BATCH_MAX: value });
    children.push(server.child);
    await expect(server.listening).rejects.toThrow(/WRITER_BATCH_MAX must be a whole number from 1 to 10000/);
  });

  it('takes WRITER_BATCH_MAX for the writer thread and says so when it starts', async () => {
    const server = startServer(tempDir(), { WRITER_THREAD: 'on', WRITER_BATCH_MAX: '3' });
    children.push(server.child);
    expect(await server.listening).toMatchObject({ writer_thread: true, writer_batch_max: 3 });
  });

  it.each(['1', 'true'])('runs live with LIVE_MODE=%s, as the reconciler does', async (value) => {
    const server = startServer(tempDir(), { LIVE_MODE: value, DEMO_DATA: 'false' });
    children.push(server.child);
    const listening = await server.listening;
    expect(listening).toMatchObject({ live: true });
    expect(listening.demo_key_id).toBeUndefined();
  });

  it('refuses to start with LIVE_MODE=yes, naming the variable', async () => {
    const server = startServer(tempDir(), { LIVE_MODE: 'yes' });
    children.push(server.child);
    await expect(server.listening).rejects.toThrow(/LIVE_MODE must be 1, true, 0 or false, not yes/);
  });
});
