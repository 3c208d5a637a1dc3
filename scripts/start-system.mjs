// Command one of the README: starts the whole system on the embedded default –
// the api (SQLite file under ./data, demo data, webhook dispatcher, the console
// under /admin) and the reconciler with the simulated custodian. With
// DATABASE_URL=postgres://… in the environment the api runs on that
// PostgreSQL database instead (docs/operations.md, PostgreSQL).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

const port = process.env.PORT ?? '3000';
const apiUrl = `http://127.0.0.1:${port}`;
// The reconciler's own credential at the api, new at every start unless given.
const reconcilerToken = process.env.SERVICE_TOKEN ?? randomBytes(24).toString('base64url');
const env = {
  ...process.env,
  SERVICE_CREDENTIALS: [process.env.SERVICE_CREDENTIALS, `reconciler=${reconcilerToken}`]
    .filter(Boolean)
    .join(','),
  SERVICE_TOKEN: reconcilerToken,
  PORT: port,
  DATABASE_PATH: process.env.DATABASE_PATH ?? './data/transfers.sqlite',
  API_URL: apiUrl,
  CUSTODIAN: process.env.CUSTODIAN ?? 'simulated',
};

const children = [];
function start(name, entry) {
  if (!existsSync(entry)) {
    console.error(`${name}: ${entry} is missing – run the build first`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    console.log(`${name} exited (${signal ?? code})`);
    if (!stopping) shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

// A first start migrates the file and seeds the demo data (operators' password
// hashes included), which takes a while on a busy machine.
const READY_WITHIN_S = 60;

async function waitForHealth() {
  for (let i = 0; i < READY_WITHIN_S * 10; i++) {
    try {
      const res = await fetch(`${apiUrl}/readyz`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the api did not become ready within ${READY_WITHIN_S} s`);
}

let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 12_000).unref();
  void Promise.all(
    children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve() : c.on('exit', resolve)))),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

start('api', 'apps/api/dist/server.js');
try {
  await waitForHealth();
} catch (error) {
  // Never leave half a system running.
  console.error(error.message);
  shutdown(1);
  await new Promise(() => {}); // shutdown exits the process
}
if (existsSync('apps/reconciler/dist/main.js')) start('reconciler', 'apps/reconciler/dist/main.js');
console.log(`
Transfers back office is running
  API (REST + tRPC)   ${apiUrl}
  API reference       ${apiUrl}/docs   (OpenAPI: ${apiUrl}/openapi.json)
  Operations console  ${apiUrl}/admin/
  Database            ${env.DATABASE_URL ? `PostgreSQL ${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname}` : env.DATABASE_PATH}
Ctrl+C stops everything.
`);
