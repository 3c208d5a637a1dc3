import { describe, expect, it } from 'vitest';
import { marketDate } from './market-date.js';

describe('marketDate (Europe/Berlin)', () => {
  it('is the next day just after midnight in Frankfurt, winter and summer', () => {
    expect(marketDate(new Date('2026-12-04T22:59:59Z'))).toBe('2026-12-04');
    expect(marketDate(new Date('2026-12-04T23:00:00Z'))).toBe('2026-12-05');
    expect(marketDate(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(marketDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
  it('follows the change to summer time within one UTC hour cache', () => {
    expect(marketDate(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-28');
    expect(marketDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
  });
});
