import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: its own schema and migrations folder.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg-schema/index.ts',
  // The migration check regenerates into a scratch copy via DRIZZLE_OUT.
  out: process.env.DRIZZLE_OUT ?? './drizzle-pg',
  casing: 'snake_case',
});
