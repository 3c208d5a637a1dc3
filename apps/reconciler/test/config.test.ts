import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';

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

describe('the worker’s switches', () => {
  it.each(WORDS)('LIVE_MODE=%s means live=%s', (word, live) => {
    expect(readConfig(word === undefined ? BASE : { ...BASE, LIVE_MODE: word }).LIVE_MODE).toBe(live);
  });

  it.each(['yes', 'on', 'TRUE', '2'])('refuses LIVE_MODE=%s, naming the variable', (word) => {
    expect(() => readConfig({ ...BASE, LIVE_MODE: word })).toThrow(/LIVE_MODE/);
  });
});
