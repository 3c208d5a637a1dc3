// Regenerates the Drizzle migrations of both dialects from their schemas into
// a scratch copy of each committed folder and fails if anything would change:
// the committed SQL must always match the schema, for SQLite and PostgreSQL.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

const dialects = [
  { name: 'SQLite', config: 'drizzle.config.ts', folder: 'drizzle', script: 'db:generate' },
  { name: 'PostgreSQL', config: 'drizzle.pg.config.ts', folder: 'drizzle-pg', script: 'db:generate:pg' },
];

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The files that regenerating would add or change; empty when the folder is current. */
function drift({ config, folder }) {
  const committed = join(root, folder);
  // drizzle-kit only takes an `out` relative to the working directory.
  const scratchName = `.${folder}-check`;
  const scratch = join(root, scratchName);
  rmSync(scratch, { recursive: true, force: true });
  cpSync(committed, scratch, { recursive: true });
  try {
    const output = execFileSync(
      join(root, 'node_modules', '.bin', 'drizzle-kit'),
      ['generate', '--config', config],
      {
        cwd: root,
        env: { ...process.env, DRIZZLE_OUT: `./${scratchName}` },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // drizzle-kit exits 0 even when it fails, so require one of its two verdicts.
    if (!/No schema changes|migration file/.test(output)) {
      console.error(output);
      throw new Error(`drizzle-kit generate (${config}) did not report a result`);
    }
    const before = listFiles(committed);
    const after = listFiles(scratch);
    const changed = after.filter(
      (f) =>
        !before.includes(f) ||
        readFileSync(join(committed, f), 'utf8') !== readFileSync(join(scratch, f), 'utf8'),
    );
    const removed = before.filter((f) => !after.includes(f));
    return [...changed, ...removed];
  } finally {
    if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
  }
}

for (const dialect of dialects) {
  const files = drift(dialect);
  if (files.length > 0) {
    console.error(`${dialect.name}: Drizzle migrations are out of date with the schema: ${files.join(', ')}`);
    console.error(`Run \`pnpm --filter @tbo/api ${dialect.script}\` and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log(`${dialect.name}: Drizzle migrations match the schema.`);
  }
}
