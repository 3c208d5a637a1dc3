import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid-v7.js';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID', () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7(1_700_000_000_000 + 10_000) > ids.at(-1)!).toBe(true);
  });
  it('carries its timestamp in the first 48 bits', () => {
    const ms = Date.UTC(2026, 10, 21);
    expect(
      Number.parseInt(
        uuidv7(ms + 5000)
          .replaceAll('-', '')
          .slice(0, 12),
        16,
      ),
    ).toBeGreaterThanOrEqual(ms + 5000);
  });
});
