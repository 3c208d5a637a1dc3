import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDate,
  formatDateTime,
  formatDaysLeft,
  formatLocalDateTime,
  formatQuantity,
  shortId,
} from './format.js';

describe('formatQuantity', () => {
  it('groups thousands without touching the fraction', () => {
    expect(formatQuantity('1234567.5')).toBe('1,234,567.5');
    expect(formatQuantity('1000')).toBe('1,000');
    expect(formatQuantity('999')).toBe('999');
    expect(formatQuantity('42.125')).toBe('42.125');
    expect(formatQuantity('0.000000000000000000000000001')).toBe('0.000000000000000000000000001');
  });

  it('keeps digits a float would lose', () => {
    expect(formatQuantity('123456789012345')).toBe('123,456,789,012,345');
    expect(formatQuantity('9007199254740993')).toBe('9,007,199,254,740,993');
    expect(formatQuantity('0.1000000000000000055511151231257827')).toBe(
      '0.1000000000000000055511151231257827',
    );
  });

  it('normalises leading zeros and signs, and shows other text untouched', () => {
    expect(formatQuantity('007')).toBe('7');
    expect(formatQuantity('.5')).toBe('0.5');
    expect(formatQuantity('-1234')).toBe('-1,234');
    expect(formatQuantity('-0')).toBe('0');
    expect(formatQuantity('1e3')).toBe('1e3');
    expect(formatQuantity('')).toBe('—');
    expect(formatQuantity(null)).toBe('—');
  });
});

describe('dates', () => {
  it('formats calendar dates without a time zone shift', () => {
    expect(formatDate('2026-03-02')).toBe('2 Mar 2026');
    expect(formatDate('2026-12-31')).toBe('31 Dec 2026');
    expect(formatDate('2026-03-02T23:59:59.000Z')).toBe('2 Mar 2026');
  });

  it('formats timestamps in UTC to the second', () => {
    expect(formatDateTime('2026-03-02T09:05:07.123Z')).toBe('2 Mar 2026, 09:05:07 UTC');
    expect(formatDateTime('2026-03-02T23:30:00+02:00')).toBe('2 Mar 2026, 21:30:00 UTC');
  });

  it('formats timestamps in the local zone, across a daylight saving change', () => {
    expect(formatLocalDateTime('2026-03-02T09:05:07.123Z', 'Europe/Berlin')).toBe('2 Mar 2026, 10:05:07');
    expect(formatLocalDateTime('2026-07-02T09:05:07Z', 'Europe/Berlin')).toBe('2 Jul 2026, 11:05:07');
    expect(formatLocalDateTime('2026-03-02T02:00:00Z', 'America/New_York')).toBe('1 Mar 2026, 21:00:00');
    expect(formatLocalDateTime('2026-03-02T00:00:00Z', 'UTC')).toBe('2 Mar 2026, 00:00:00');
    expect(formatLocalDateTime(null)).toBe('—');
    expect(formatLocalDateTime('not a date')).toBe('not a date');
  });

  it('shows missing and unparseable values plainly', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDate('2026-13-01')).toBe('2026-13-01');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('says days left and overdue in words', () => {
    expect(formatDaysLeft(0)).toBe('due today');
    expect(formatDaysLeft(1)).toBe('1 day left');
    expect(formatDaysLeft(5)).toBe('5 days left');
    expect(formatDaysLeft(-1)).toBe('1 day overdue');
    expect(formatDaysLeft(-8)).toBe('8 days overdue');
    expect(formatDaysLeft(null)).toBe('—');
  });

  it('shortens ids for tables', () => {
    expect(shortId('d396b7c3-aa67-488a-8e39-4a1a7cbeb9f4')).toBe('d396b7c3…');
    expect(shortId('abc')).toBe('abc');
  });
});

describe('formatAge', () => {
  it('says a duration in its two largest units', () => {
    expect(formatAge(2_502_000)).toBe('28 d 23 h');
    expect(formatAge(86_400 * 3)).toBe('3 d');
    expect(formatAge(5 * 3_600 + 3 * 60 + 9)).toBe('5 h 3 min');
    expect(formatAge(7_200)).toBe('2 h');
    expect(formatAge(125)).toBe('2 min');
    expect(formatAge(42)).toBe('42 s');
    expect(formatAge(null)).toBe('—');
  });
});
