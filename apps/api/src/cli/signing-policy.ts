import { parseArgs } from 'node:util';
import { configOrExit, DatabaseConfigSchema } from '../config/config.js';
import {
  closeDatabase,
  DEFAULT_DATABASE_PATH,
  databaseTarget,
  openConfiguredDatabase,
} from '../db/client.js';
import { setSigningPolicy } from '../services/auth/client-directory.js';

const USAGE = `usage: pnpm --filter @tbo/api clients:signing-policy -- --client <client_id> --idempotency-key covered|optional [--database <path>]

Sets what a client's request signatures must cover. "covered": a sent idempotency-key
must be among the signed components (the strict setting); "optional" (the default of
every client): it may be left out, as some published client libraries do – the nonce
and the content digest still bind the request. A running api applies the change
within 5 seconds. The database defaults to $DATABASE_PATH or ${DEFAULT_DATABASE_PATH}.`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      client: { type: 'string' },
      'idempotency-key': { type: 'string' },
      database: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const setting = values['idempotency-key'];
  if (values.help || !values.client || (setting !== 'covered' && setting !== 'optional')) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const settings = configOrExit(DatabaseConfigSchema, process.env);
  const target = databaseTarget(
    values.database ?? settings.DATABASE_URL ?? settings.DATABASE_PATH,
    settings.DATABASE_SYNCHRONOUS,
  );
  const db = await openConfiguredDatabase(target.location);
  try {
    if (
      !(await setSigningPolicy(db, values.client, { requireSignedIdempotencyKey: setting === 'covered' }))
    ) {
      console.error(`error: no client ${values.client}`);
      return 1;
    }
    console.log(
      JSON.stringify({ msg: 'signing policy set', client_id: values.client, idempotency_key: setting }),
    );
    return 0;
  } finally {
    await closeDatabase(db);
  }
}

process.exitCode = await main(process.argv.slice(2));
