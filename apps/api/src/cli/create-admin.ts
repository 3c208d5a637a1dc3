import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { configOrExit, DatabaseConfigSchema } from '../config/config.js';
import {
  closeDatabase,
  DEFAULT_DATABASE_PATH,
  databaseTarget,
  openConfiguredDatabase,
} from '../db/client.js';
import { AppError } from '../domain/errors.js';
import { passwordPool } from '../lib/password-pool.js';
import { prepareOperator } from '../services/admin/operator-directory.js';
import { GroupCommitPort } from '../services/write/group-commit.js';
import { runWrite } from '../services/write/port.js';

const USAGE = `usage: pnpm --filter @tbo/api operators:create-admin -- --email <e-mail> --name <full name> [--database <path>]

Creates an operator with the role admin, e.g. the first one of a database
without demo data (DEMO_DATA=0). The password is read from $OPERATOR_PASSWORD
or, when that is unset, from standard input (one line; typed without echo on a
terminal) – never from the command line, where other users and the shell
history would see it. It must be at least 12 characters and not a common
password. The database defaults to $DATABASE_PATH or ${DEFAULT_DATABASE_PATH}.`;

async function readStdinLine(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write('password: ');
  stdin.setRawMode(true);
  stdin.resume();
  let typed = '';
  try {
    for await (const chunk of stdin) {
      for (const char of (chunk as Buffer).toString('utf8')) {
        if (char === '\r' || char === '\n') return typed;
        if (char === '\u0003') throw new Error('interrupted');
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    }
    return typed;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      database: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.password !== undefined) {
    console.error('error: --password is refused: pass it in $OPERATOR_PASSWORD or on standard input');
    return 2;
  }
  if (values.help || !values.email || !values.name) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  // An empty variable counts as unset.
  const password = process.env.OPERATOR_PASSWORD || (await readStdinLine());
  const settings = configOrExit(DatabaseConfigSchema, process.env);
  const target = databaseTarget(values.database ?? settings.DATABASE_URL ?? settings.DATABASE_PATH);
  const database = target.shown;
  const db = await openConfiguredDatabase(target.location);
  // The same write as the console's, through a write port of this process's own.
  const writes = new GroupCommitPort(db);
  try {
    const operator = await prepareOperator({
      email: values.email,
      name: values.name,
      role: 'admin',
      password,
    });
    const created = await runWrite(writes, {
      op: 'console.operator.create',
      operator,
      by: { operatorId: null, label: `cli:${userInfo().username}` },
      at: new Date().toISOString(),
    });
    console.log(JSON.stringify({ msg: 'admin created', database, id: created.id, email: created.email }));
    return 0;
  } catch (error) {
    console.error(error instanceof AppError ? `error: ${error.message}` : error);
    return 1;
  } finally {
    await writes.stop();
    await closeDatabase(db);
    await passwordPool.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
