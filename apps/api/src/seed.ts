import { configOrExit, DatabaseConfigSchema } from './config/config.js';
import { closeDatabase, openDatabase } from './db/client.js';
import { DEMO, seedDemoData } from './demo/seed-demo.js';

// `pnpm --filter @tbo/api seed`: creates the demo tenant, users, accounts,
// positions and instruments in the database named by DATABASE_PATH.
const settings = configOrExit(DatabaseConfigSchema, process.env);
const db = openDatabase(settings.DATABASE_PATH, { synchronous: settings.DATABASE_SYNCHRONOUS });
await seedDemoData(db, new Date());
console.log(`demo data ready: client_id ${DEMO.tenant.clientId}, client_secret ${DEMO.tenant.clientSecret}`);
closeDatabase(db);
