// The api-pg test project's one PostgreSQL server: started before its first
// file, with a template database migrated once; each test database is a copy
// of it (test/harness.ts). Stopped after the last file.
import type { TestProject } from 'vitest/node';
import { closePgDatabase, openPgDatabase } from '../../src/db/pg-client.js';
import { startPostgresServer } from './postgres-server.js';

export const TEMPLATE_DATABASE = 'tbo_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer({ maxConnections: 300 });
  const url = await server.createDatabase(TEMPLATE_DATABASE);
  await closePgDatabase(await openPgDatabase(url, { poolSize: 1, applicationName: 'tbo-test-template' }));
  project.provide('postgresUrlPattern', server.urlOf('{database}'));
  return () => server.stop();
}
