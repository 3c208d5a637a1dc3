/** The settlement market's time zone: TARGET2 and the German CSD run on Frankfurt time. */
export const MARKET_TIME_ZONE = 'Europe/Berlin';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: MARKET_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// Berlin's offset from UTC is whole hours, so one answer holds for a whole UTC hour.
let memoHour = '';
let memoDate = '';

/**
 * The business date (YYYY-MM-DD) at `instant` (a Date or an RFC 3339 UTC
 * timestamp, as stored) in Frankfurt: just after
 * midnight there it is already the next day while UTC still shows the old one.
 */
export function marketDate(instant: Date | string): string {
  const iso = typeof instant === 'string' ? instant : instant.toISOString();
  const hour = iso.slice(0, 13);
  if (hour !== memoHour) {
    memoDate = formatter.format(typeof instant === 'string' ? new Date(instant) : instant);
    memoHour = hour;
  }
  return memoDate;
}
