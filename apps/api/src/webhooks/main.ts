import { DEFAULT_DATABASE_PATH, openDatabase } from '../db/client.js';
import { dispatcherSettingsFromEnv } from './config.js';
import { WebhookDispatcher } from './dispatcher.js';

/**
 * The webhook dispatcher as its own process (`pnpm --filter @tbo/api dispatcher`):
 * same database file as the api (DATABASE_PATH); run the api with
 * WEBHOOKS_DISPATCHER=off. SIGTERM/SIGINT finish the requests in flight; a
 * second signal exits at once.
 */
function main(): void {
  const databasePath = process.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH;
  const db = openDatabase(databasePath);
  const settings = dispatcherSettingsFromEnv(process.env);
  const dispatcher = new WebhookDispatcher({ db, ...settings });
  dispatcher.start();
  console.log(
    JSON.stringify({ msg: 'webhook dispatcher started', database: databasePath, live: settings.live }),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(JSON.stringify({ msg: 'webhook dispatcher stopping', signal }));
    void dispatcher.stop(10_000).then(() => {
      db.$client.close();
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
