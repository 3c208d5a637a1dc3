import { describe, expect, it } from 'vitest';
import { addBusinessDays, easterSunday, isBusinessDay, nextBusinessDayOnOrAfter } from './calendar.js';
import { dueDateFor, forecastDates } from './transfer-dates.js';

describe('TARGET2 calendar', () => {
  it('computes Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });
  it('closes on weekends and the TARGET2 holidays', () => {
    for (const closed of [
      '2026-01-01',
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-12-25',
      '2026-12-26',
      '2026-11-21', // Saturday
      '2026-11-22', // Sunday
    ]) {
      expect(isBusinessDay(closed), closed).toBe(false);
    }
    expect(isBusinessDay('2026-11-23')).toBe(true);
    expect(isBusinessDay('2026-12-24')).toBe(true);
  });
  it('counts business days across holidays', () => {
    expect(addBusinessDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addBusinessDays('2026-12-23', 2)).toBe('2026-12-28');
    expect(nextBusinessDayOnOrAfter('2026-11-21')).toBe('2026-11-23');
  });
  it('defaults trade T+1 and settlement trade+1', () => {
    expect(forecastDates('2026-11-20', {})).toEqual({
      tradeDate: '2026-11-23',
      settlementDate: '2026-11-24',
      adjustments: [],
    });
    const moved = forecastDates('2026-11-20', { trade_date: '2026-12-25' });
    expect(moved.tradeDate).toBe('2026-12-28');
    expect(moved.settlementDate).toBe('2026-12-29');
    expect(moved.adjustments[0]).toContain('trade_date moved from 2026-12-25 to 2026-12-28');
  });
  it('sets the outgoing deadline and incoming expiry', () => {
    expect(dueDateFor('OUTGOING', '2026-11-21')).toBe('2026-12-12');
    expect(dueDateFor('INCOMING', '2026-11-21')).toBe('2026-12-21');
  });
});
