import { describe, expect, it } from 'vitest';
import { ApiConfigSchema, DispatcherConfigSchema, readConfig } from '../config/config.js';
import { parseFlag } from './env-flag.js';

// The same table as the reconciler's config test: one word, one meaning, in every process.
const WORDS: [string | undefined, boolean][] = [
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
  ['', false],
  [undefined, false],
];

describe('boolean switches', () => {
  it.each(WORDS)('LIVE_MODE=%s means live=%s, in the api and its webhook dispatcher', (word, live) => {
    const env = word === undefined ? {} : { LIVE_MODE: word };
    expect(parseFlag(word, false)).toBe(live);
    expect(readConfig(ApiConfigSchema, env).LIVE_MODE).toBe(live);
    expect(readConfig(DispatcherConfigSchema, env).LIVE_MODE).toBe(live);
  });

  it('falls back to the default only when unset or empty', () => {
    expect(parseFlag(undefined, true)).toBe(true);
    expect(parseFlag('', true)).toBe(true);
    expect(parseFlag('false', true)).toBe(false);
    expect(readConfig(ApiConfigSchema, {}).DEMO_DATA).toBe(true);
    expect(readConfig(ApiConfigSchema, { DEMO_DATA: '0' }).DEMO_DATA).toBe(false);
  });

  it.each(['yes', 'on', 'TRUE', '2', ' 1'])('refuses LIVE_MODE=%s, naming the variable', (word) => {
    expect(parseFlag(word, false)).toBeUndefined();
    expect(() => readConfig(ApiConfigSchema, { LIVE_MODE: word })).toThrow(
      `LIVE_MODE must be 1, true, 0 or false, not ${word}`,
    );
    expect(() => readConfig(DispatcherConfigSchema, { LIVE_MODE: word })).toThrow(
      `LIVE_MODE must be 1, true, 0 or false, not ${word}`,
    );
  });
});
