// SQLite only: runs the command line on a SQLite file (DATABASE_PATH). The PostgreSQL run leaves out *.sqlite.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { sqlRows } from './inspect.js';

const API_ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tbo-cli-'));
const database = join(dir, 'live.sqlite');

function run(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(
    process.execPath,
    [
      '--conditions=@tbo/source',
      '--import',
      'tsx',
      'src/cli/create-admin.ts',
      '--email',
      'head.ops@broker.example',
      '--name',
      'Head of Ops',
      ...args,
    ],
    {
      cwd: API_ROOT,
      input: options.stdin ?? '',
      encoding: 'utf8',
      env: { ...process.env, DATABASE_PATH: database, DEMO_DATA: '0', OPERATOR_PASSWORD: '', ...options.env },
    },
  );
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function stored() {
  const db = openDatabase(database);
  try {
    return {
      operators: (await sqlRows(db, 'SELECT email, role, password_hash AS hash FROM operators')) as {
        email: string;
        role: string;
        hash: string;
      }[],
      audit: await sqlRows(db, 'SELECT actor, action FROM operator_audit'),
    };
  } finally {
    await closeDatabase(db);
  }
}

describe('operators:create-admin on a database without demo data', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never takes the password from the command line, and refuses a weak one', async () => {
    const argv = run(['--password', 'a-strong-enough-password-1']);
    expect(argv.status).toBe(2);
    expect(argv.stderr).toContain('--password is refused');
    const weak = run([], { env: { OPERATOR_PASSWORD: 'Password2026' } });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('password is a commonly used password');
    expect((await stored()).operators).toEqual([]);
  });

  it('creates the admin from standard input, hashed, audited as the command line, once', async () => {
    const created = run([], { stdin: 'violet-anchor-meadow-58\n' });
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      msg: 'admin created',
      email: 'head.ops@broker.example',
    });
    const { operators, audit } = await stored();
    expect(operators).toEqual([
      { email: 'head.ops@broker.example', role: 'admin', hash: expect.stringMatching(/^scrypt\$/) },
    ]);
    expect(audit).toEqual([{ actor: expect.stringMatching(/^cli:/), action: 'operator.create' }]);
    const again = run([], { env: { OPERATOR_PASSWORD: 'violet-anchor-meadow-58' } });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
  });
});
