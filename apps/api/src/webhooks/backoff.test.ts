import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './backoff.js';

describe('back-off', () => {
  it('grows 1, 2, 3, 5, 8, 13 … and stays at 600 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(backoffSeconds)).toEqual([1, 2, 3, 5, 8, 13, 21, 34, 55, 89]);
    expect(backoffSeconds(13)).toBe(377);
    expect(backoffSeconds(14)).toBe(600);
    expect(backoffSeconds(10_000)).toBe(600);
  });
});
