import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ApiConfigSchema,
  DispatcherConfigSchema,
  readConfig,
  readersOf,
  redactedConfig,
  SETTINGS,
} from '../src/config/config.js';

interface DocRow {
  name: string;
  usedBy: string[];
  default: string;
}

/** The configuration table of docs/operations.md, one variable a row. */
function documentedSettings(): DocRow[] {
  const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
  const section = doc.slice(
    doc.indexOf('## Configuration'),
    doc.indexOf('\n## ', doc.indexOf('## Configuration') + 1),
  );
  return section
    .split('\n')
    .filter((line) => /^\| `[A-Z_]+` \|/.test(line))
    .map((line) => {
      const [name = '', usedBy = '', fallback = ''] = line
        .split(' | ')
        .map((cell) => cell.replace(/^\| /, '').trim());
      return {
        name: name.replace(/`/g, ''),
        usedBy: usedBy.split(',').map((p) => p.trim()),
        default: fallback.replace(/`/g, ''),
      };
    });
}

describe('the api configuration', () => {
  it('is documented in docs/operations.md exactly: every variable, who reads it, its default', () => {
    const documented = documentedSettings().filter((row) =>
      row.usedBy.some((p) => p === 'api' || p === 'dispatcher'),
    );
    expect(documented.map((row) => row.name).sort()).toEqual(Object.keys(SETTINGS).sort());
    for (const row of documented) {
      const name = row.name as keyof typeof SETTINGS;
      expect(
        row.usedBy.filter((p) => p !== 'reconciler'),
        name,
      ).toEqual(readersOf(name));
      expect(row.default, name).toBe(SETTINGS[name].default);
    }
  });

  it('takes the documented defaults when nothing is set', () => {
    const config = readConfig(ApiConfigSchema, {});
    expect(config).toMatchObject({
      DATABASE_PATH: SETTINGS.DATABASE_PATH.default,
      DATABASE_SYNCHRONOUS: 'full',
      LOG_LEVEL: 'info',
      LIVE_MODE: false,
      PORT: 3000,
      HOST: '127.0.0.1',
      PUBLIC_ORIGIN: [],
      SERVICE_CREDENTIALS: [],
      DEMO_DATA: true,
      DEADLINE_AT_RISK_DAYS: 5,
      WRITER_THREAD: 'auto',
      WRITER_BATCH_MAX: 12,
      WEBHOOKS_DISPATCHER: 'on',
      ADMIN_COOKIE_SECURE: 'auto',
    });
    expect(config.METRICS_TOKEN).toBeUndefined();
  });

  it.each([
    ['PORT', 'http', 'PORT must be a whole number from 0 to 65535, not http'],
    ['DATABASE_SYNCHRONOUS', 'off', 'DATABASE_SYNCHRONOUS must be full or normal, not off'],
    [
      'LOG_LEVEL',
      'verbose',
      'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent, not verbose',
    ],
    ['WEBHOOKS_DISPATCHER', '0', 'WEBHOOKS_DISPATCHER must be on or off, not 0'],
    ['WEBHOOKS_CONCURRENCY', '0', 'WEBHOOKS_CONCURRENCY must be a whole number from 1 to 1000, not 0'],
    [
      'ADMIN_COOKIE_SECURE',
      'always',
      'ADMIN_COOKIE_SECURE must be 1, true, 0 or false (or unset), not always',
    ],
    ['PUBLIC_ORIGIN', 'ops.example.com', 'PUBLIC_ORIGIN must list origins such as https://ops.example.com'],
    ['SERVICE_CREDENTIALS', 'reconciler', 'SERVICE_CREDENTIALS entry 1 must be service=token'],
    ['DEADLINE_AT_RISK_DAYS', '31', 'DEADLINE_AT_RISK_DAYS must be a whole number from 0 to 30, not 31'],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => readConfig(ApiConfigSchema, { [name]: value })).toThrow(message);
  });

  it('names every bad variable in one line, and never echoes a secret', () => {
    let message = '';
    try {
      readConfig(ApiConfigSchema, { LIVE_MODE: 'yes', METRICS_TOKEN: 'tiny-secret', PORT: '-1' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'LIVE_MODE must be 1, true, 0 or false, not yes; PORT must be a whole number from 0 to 65535, not -1; METRICS_TOKEN must be at least 16 characters',
    );
    expect(message).not.toContain('tiny-secret');
  });

  it('lets the dispatcher read only its own part: an api-only value does not stop it', () => {
    expect(
      readConfig(DispatcherConfigSchema, { WRITER_THREAD: 'sometimes', METRICS_PORT: '9464' }),
    ).toMatchObject({
      METRICS_PORT: 9464,
    });
    expect(() => readConfig(DispatcherConfigSchema, { METRICS_PORT: 'x' })).toThrow(/^METRICS_PORT must be/);
  });

  it('prints secrets as [redacted] and leaves everything else as read', () => {
    const config = readConfig(ApiConfigSchema, {
      SERVICE_CREDENTIALS: 'reconciler=abcdefghijklmnopqrstuvwxyz',
      METRICS_TOKEN: 'abcdefghijklmnop',
      PORT: '8080',
    });
    const shown = redactedConfig(config);
    expect(shown).toMatchObject({
      SERVICE_CREDENTIALS: '[redacted]',
      METRICS_TOKEN: '[redacted]',
      PORT: 8080,
    });
    expect(JSON.stringify(shown)).not.toContain('abcdefghijklmnop');
  });
});
