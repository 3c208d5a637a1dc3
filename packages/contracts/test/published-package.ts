// Packing a workspace package as it would be published, and the checks any
// published package must pass: what it ships, publint, are-the-types-wrong.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// pnpm's own settings in the environment mean nothing to npm.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)),
);

export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: childEnv, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Math.max(
    0,
    ...readdirSync(dir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => statSync(join(dir, name)).mtimeMs),
  );
}

/**
 * Builds when one of `builtFiles` is missing, or the first of them is older
 * than the sources (src/, scripts/) it is built from.
 */
export function ensureBuilt(
  packageDir: string,
  packageName: string,
  builtFiles: [string, ...string[]],
): void {
  const paths = builtFiles.map((file) => join(packageDir, file));
  const missing = paths.some((path) => !existsSync(path));
  const sources = Math.max(newestMtime(join(packageDir, 'src')), newestMtime(join(packageDir, 'scripts')));
  const stale = !missing && sources > statSync(join(packageDir, builtFiles[0])).mtimeMs;
  if (missing || stale) run('pnpm', ['--filter', packageName, 'build'], REPO_ROOT);
}

/** `pnpm pack` into `destination`; the tarball's path. */
export function pack(packageDir: string, destination: string): string {
  run('pnpm', ['pack', '--pack-destination', destination], packageDir);
  const tarballs = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1)
    throw new Error(`expected one tarball in ${destination}, found ${tarballs.join(', ')}`);
  return join(destination, tarballs[0] ?? '');
}

export function tarballFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball], dirname(tarball)).trim().split('\n').sort();
}

function exportTargets(value: unknown, path: string): { path: string; target: string }[] {
  if (typeof value === 'string') return [{ path, target: value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => exportTargets(inner, `${path} > ${key}`));
}

/**
 * The `exports` entries, under any condition, whose target the tarball does
 * not hold: a consumer resolving that condition would break.
 */
export function unshippedExports(tarball: string): string[] {
  const files = tarballFiles(tarball);
  const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], dirname(tarball))) as {
    exports?: unknown;
  };
  return exportTargets(manifest.exports, 'exports')
    .filter(({ target }) => {
      const inPackage = `package/${target.replace(/^\.\//, '')}`;
      if (!target.includes('*')) return !files.includes(inPackage);
      const prefix = inPackage.slice(0, inPackage.indexOf('*'));
      return !files.some((file) => file.startsWith(prefix));
    })
    .map(({ path, target }) => `${path}: ${target}`);
}

/** publint's findings on the tarball itself (strict: warnings count). */
export async function publintFindings(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    strict: true,
  });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
}

interface TypesProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

/**
 * are-the-types-wrong on the tarball: how the types resolve for node10,
 * node16 (CommonJS and ESM) and bundlers against what the runtime loads.
 */
export function typesProblems(tarball: string): string[] {
  const cli = join(REPO_ROOT, 'node_modules', '.bin', 'attw');
  let output: string;
  try {
    output = execFileSync(cli, [tarball, '--format', 'json'], {
      env: childEnv,
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // It exits 1 when it finds problems, and still prints them.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    if (!stdout) throw new Error(`attw failed on ${tarball}\n${stderr ?? ''}`);
    output = stdout;
  }
  const report = JSON.parse(output) as { analysis: { problems: TypesProblem[] } };
  return report.analysis.problems.map(
    (problem) => `${problem.kind} (${problem.entrypoint ?? '.'}, ${problem.resolutionKind ?? 'all'})`,
  );
}
