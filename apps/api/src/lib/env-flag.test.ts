import { describe, expect, it } from 'vitest';
import { dispatcherSettingsFromEnv } from '../webhooks/config.js';
import { envFlag } from './env-flag.js';

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
    expect(envFlag(env, 'LIVE_MODE', false)).toBe(live);
    expect(dispatcherSettingsFromEnv(env).live).toBe(live);
  });

  it('falls back to the default only when unset or empty', () => {
    expect(envFlag({}, 'DEMO_DATA', true)).toBe(true);
    expect(envFlag({ DEMO_DATA: '' }, 'DEMO_DATA', true)).toBe(true);
    expect(envFlag({ DEMO_DATA: 'false' }, 'DEMO_DATA', true)).toBe(false);
  });

  it.each(['yes', 'on', 'TRUE', '2', ' 1'])('refuses LIVE_MODE=%s, naming the variable', (word) => {
    expect(() => envFlag({ LIVE_MODE: word }, 'LIVE_MODE', false)).toThrow(
      `LIVE_MODE must be 1, true, 0 or false, not ${word}`,
    );
    expect(() => dispatcherSettingsFromEnv({ LIVE_MODE: word })).toThrow(/LIVE_MODE must be/);
  });
});
