import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, DatabaseConfigSchema } from '../config/config.js';
import {
  closeDatabase,
  DEFAULT_DATABASE_PATH,
  databaseTarget,
  openConfiguredDatabase,
} from '../db/client.js';
import { AppError } from '../domain/errors.js';
import { addClientKey } from '../services/auth/client-keys.js';

const USAGE = `usage: pnpm --filter @tbo/api keys:add -- --client <client_id> --key-id <id> --public-key <file.pem> [--replace] [--database <path>]

Registers a client's PUBLIC signing key (ECDSA P-256/P-384/P-521 or Ed25519, SPKI PEM)
under a keyid the client then names in signature-input. The database defaults to
$DATABASE_PATH or ${DEFAULT_DATABASE_PATH}.`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      client: { type: 'string' },
      'key-id': { type: 'string' },
      'public-key': { type: 'string' },
      database: { type: 'string' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.client || !values['key-id'] || !values['public-key']) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const settings = configOrExit(DatabaseConfigSchema, process.env);
  const target = databaseTarget(
    values.database ?? settings.DATABASE_URL ?? settings.DATABASE_PATH,
    settings.DATABASE_SYNCHRONOUS,
  );
  const database = target.shown;
  const db = await openConfiguredDatabase(target.location);
  try {
    const added = await addClientKey(db, {
      clientId: values.client,
      keyId: values['key-id'],
      publicKeyPem: readFileSync(values['public-key'], 'utf8'),
      now: new Date(),
      replace: values.replace,
    });
    console.log(
      JSON.stringify({ msg: 'client key registered', client_id: values.client, database, ...added }),
    );
    return 0;
  } catch (error) {
    console.error(error instanceof AppError ? `error: ${error.message}` : error);
    return 1;
  } finally {
    await closeDatabase(db);
  }
}

process.exitCode = await main(process.argv.slice(2));
