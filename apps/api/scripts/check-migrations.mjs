// Regenerates the Drizzle migrations from the schema into a scratch copy of
// the committed folder and fails if anything would change: the committed SQL
// must always match the schema.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const committed = join(root, 'drizzle');
// drizzle-kit only takes an `out` relative to the working directory.
const scratchName = '.drizzle-check';
const scratch = join(root, scratchName);
rmSync(scratch, { recursive: true, force: true });
cpSync(committed, scratch, { recursive: true });

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

try {
  const output = execFileSync(join(root, 'node_modules', '.bin', 'drizzle-kit'), ['generate'], {
    cwd: root,
    env: { ...process.env, DRIZZLE_OUT: `./${scratchName}` },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // drizzle-kit exits 0 even when it fails, so require one of its two verdicts.
  if (!/No schema changes|migration file/.test(output)) {
    console.error(output);
    throw new Error('drizzle-kit generate did not report a result');
  }
  const before = listFiles(committed);
  const after = listFiles(scratch);
  const changed = after.filter(
    (f) =>
      !before.includes(f) ||
      readFileSync(join(committed, f), 'utf8') !== readFileSync(join(scratch, f), 'utf8'),
  );
  if (changed.length > 0 || before.length !== after.length) {
    console.error(`Drizzle migrations are out of date with the schema: ${changed.join(', ')}`);
    console.error('Run `pnpm --filter @tbo/api db:generate` and commit the result.');
    process.exitCode = 1;
  } else {
    console.log('Drizzle migrations match the schema.');
  }
} finally {
  if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
}
