import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig, redactedConfig, SETTINGS } from '../src/config.js';

// The same table as the api's switch test: one word, one meaning, in every process.
const WORDS: [string | undefined, boolean][] = [
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
  ['', false],
  [undefined, false],
];

const BASE = { SERVICE_TOKEN: 'token', CUSTODIAN: 'swift-files' };

/** The rows of docs/operations.md's configuration table that name the reconciler. */
function documentedSettings(): { name: string; default: string }[] {
  const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
  const from = doc.indexOf('## Configuration');
  const section = doc.slice(from, doc.indexOf('\n## ', from + 1));
  return section
    .split('\n')
    .filter((line) => /^\| `[A-Z_]+` \|/.test(line))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/`/g, '').trim()))
    .filter(([, usedBy = '']) => usedBy.split(',').some((p) => p.trim() === 'reconciler'))
    .map(([name = '', , fallback = '']) => ({ name, default: fallback }));
}

describe('the worker’s configuration', () => {
  it.each(WORDS)('LIVE_MODE=%s means live=%s', (word, live) => {
    expect(readConfig(word === undefined ? BASE : { ...BASE, LIVE_MODE: word }).LIVE_MODE).toBe(live);
  });

  it.each(['yes', 'on', 'TRUE', '2'])('refuses LIVE_MODE=%s, naming the variable', (word) => {
    expect(() => readConfig({ ...BASE, LIVE_MODE: word })).toThrow(
      `LIVE_MODE must be 1, true, 0 or false, not ${word}`,
    );
  });

  it('is documented in docs/operations.md exactly: every variable and its default', () => {
    const documented = documentedSettings();
    expect(documented.map((row) => row.name).sort()).toEqual(Object.keys(SETTINGS).sort());
    for (const row of documented)
      expect(row.default, row.name).toBe(SETTINGS[row.name as keyof typeof SETTINGS].default);
  });

  it.each([
    ['BATCH_SIZE', '0', 'BATCH_SIZE must be a whole number from 1 to 1600, not 0'],
    ['POLL_INTERVAL_MS', 'fast', 'POLL_INTERVAL_MS must be a whole number from 10 to 3600000, not fast'],
    ['CUSTODIAN', 'swift', 'CUSTODIAN must be simulated or swift-files, not swift'],
    ['API_URL', 'localhost:3000', 'API_URL must be an http(s) URL, not localhost:3000'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent, not loud'],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => readConfig({ ...BASE, [name]: value })).toThrow(message);
  });

  it('requires its credential and a real custodian when live, without echoing the secret', () => {
    expect(() => readConfig({})).toThrow(/^SERVICE_TOKEN is required/);
    expect(() => readConfig({ SERVICE_TOKEN: 'token', LIVE_MODE: 'true' })).toThrow(
      'LIVE_MODE on needs a real custodian (CUSTODIAN=swift-files)',
    );
    expect(redactedConfig(readConfig({ ...BASE, SERVICE_TOKEN: 'hidden-token-value' }))).toMatchObject({
      SERVICE_TOKEN: '[redacted]',
      CUSTODIAN: 'swift-files',
      BATCH_SIZE: 500,
    });
  });
});
