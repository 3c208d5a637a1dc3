// The release tool is configured for exactly the packages we publish: the
// real changesets CLI versions a copy of the workspace, and only
// @tbo/contracts and @tbo/signing move; the apps never do.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_ROOT, 'node_modules', '@changesets', 'cli', 'bin.js');
const PUBLISHED = ['@tbo/contracts', '@tbo/signing'];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
}

const WORKSPACES = ['apps', 'packages'].flatMap((group) =>
  readdirSync(join(REPO_ROOT, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, group, entry.name, 'package.json')))
    .map((entry) => join(group, entry.name)),
);
const manifest = (root: string, dir: string) =>
  JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
const config = () =>
  JSON.parse(readFileSync(join(REPO_ROOT, '.changeset', 'config.json'), 'utf8')) as {
    ignore: string[];
    privatePackages: { version: boolean; tag: boolean };
    changelog: string;
  };

/** The workspace's manifests, changelogs and release config in a temp folder, with the repo's node_modules. */
function copyWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-release-'));
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(dir, file));
  }
  for (const workspace of WORKSPACES) {
    mkdirSync(join(dir, workspace), { recursive: true });
    for (const file of ['package.json', 'CHANGELOG.md']) {
      if (existsSync(join(REPO_ROOT, workspace, file)))
        cpSync(join(REPO_ROOT, workspace, file), join(dir, workspace, file));
    }
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function changeset(dir: string, name: string, bumps: Record<string, string>, summary: string): void {
  const lines = Object.entries(bumps).map(([pkg, bump]) => `"${pkg}": ${bump}`);
  writeFileSync(join(dir, '.changeset', `${name}.md`), `---\n${lines.join('\n')}\n---\n\n${summary}\n`);
}

function version(dir: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(process.execPath, [CLI, 'version'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { ok: true, output };
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout ?? ''}${stderr ?? ''}` };
  }
}

let temp: string | undefined;
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

describe('release configuration', () => {
  it('publishes exactly the packages that are not private, and ignores every app', () => {
    const manifests = WORKSPACES.map((dir) => manifest(REPO_ROOT, dir));
    const publishable = manifests.filter((m) => !m.private).map((m) => m.name);
    expect(publishable.sort()).toEqual(PUBLISHED);
    expect(config().ignore.sort()).toEqual(
      manifests
        .filter((m) => m.private)
        .map((m) => m.name)
        .sort(),
    );
    expect(config().privatePackages).toEqual({ version: false, tag: false });
  });

  it.each(PUBLISHED)('%s has a changelog whose newest entry is its current version', (name) => {
    const dir = WORKSPACES.find((workspace) => manifest(REPO_ROOT, workspace).name === name) ?? '';
    const text = readFileSync(join(REPO_ROOT, dir, 'CHANGELOG.md'), 'utf8');
    expect(text.split('\n')[0]).toBe(`# ${name}`);
    expect(/^## (\S+)$/m.exec(text)?.[1]).toBe(manifest(REPO_ROOT, dir).version);
  });

  it('the changesets CLI versions the published packages and writes their changelogs, never an app', () => {
    temp = copyWorkspace();
    const before = Object.fromEntries(WORKSPACES.map((dir) => [dir, manifest(temp ?? '', dir)]));
    changeset(temp, 'webhooks', { '@tbo/contracts': 'minor', '@tbo/signing': 'patch' }, 'Webhook schemas.');
    changeset(temp, 'apps', { '@tbo/api': 'major', '@tbo/reconciler': 'major' }, 'An app change.');
    const run = version(temp);
    expect(run.output).not.toMatch(/error/i);
    expect(run.ok).toBe(true);

    const after = Object.fromEntries(WORKSPACES.map((dir) => [dir, manifest(temp ?? '', dir).version]));
    expect(after).toEqual({
      ...Object.fromEntries(WORKSPACES.map((dir) => [dir, before[dir]?.version])),
      'packages/contracts': '0.2.0',
      'packages/signing': '0.1.1',
    });
    const contractsLog = readFileSync(join(temp, 'packages/contracts/CHANGELOG.md'), 'utf8');
    expect(contractsLog).toMatch(
      /^# @tbo\/contracts\n\n## 0\.2\.0\n\n### Minor Changes\n\n- Webhook schemas\.\n\n## 0\.1\.0\n/,
    );
    expect(readFileSync(join(temp, 'packages/signing/CHANGELOG.md'), 'utf8')).toContain(
      '## 0.1.1\n\n### Patch Changes',
    );
    for (const app of WORKSPACES.filter((dir) => dir.startsWith('apps/'))) {
      expect(existsSync(join(temp, app, 'CHANGELOG.md'))).toBe(false);
    }
    // The published packages' changeset is consumed.
    expect(existsSync(join(temp, '.changeset', 'webhooks.md'))).toBe(false);
  });

  it('the CLI refuses a configuration that names a package the workspace does not have', () => {
    temp = copyWorkspace();
    const path = join(temp, '.changeset', 'config.json');
    const broken = { ...config(), ignore: [...config().ignore, '@tbo/nope'] };
    writeFileSync(path, JSON.stringify(broken));
    changeset(temp, 'webhooks', { '@tbo/contracts': 'minor' }, 'Webhook schemas.');
    const run = version(temp);
    expect(run.ok).toBe(false);
    expect(run.output).toContain('@tbo/nope');
  });
});
