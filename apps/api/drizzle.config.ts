import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  // The migration check regenerates into a scratch copy via DRIZZLE_OUT.
  out: process.env.DRIZZLE_OUT ?? './drizzle',
  casing: 'snake_case',
});
