import { configOrExit, DatabaseConfigSchema, databaseLocation } from './config/config.js';
import { closeDatabase, openConfiguredDatabase } from './db/client.js';
import { DEMO, seedDemoData } from './demo/seed-demo.js';

// `pnpm --filter @tbo/api seed`: creates the demo tenant, users, accounts,
// positions and instruments in the database named by DATABASE_URL or DATABASE_PATH.
const settings = configOrExit(DatabaseConfigSchema, process.env);
const db = await openConfiguredDatabase(databaseLocation(settings, 'tbo-seed'));
await seedDemoData(db, new Date());
console.log(`demo data ready: client_id ${DEMO.tenant.clientId}, client_secret ${DEMO.tenant.clientSecret}`);
await closeDatabase(db);
