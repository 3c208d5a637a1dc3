import type { Direction } from '@tbo/contracts';
import { addBusinessDays, addCalendarDays, nextBusinessDayOnOrAfter } from './calendar.js';

export const OUTGOING_DEADLINE_DAYS = 21;
export const INCOMING_EXPIRY_DAYS = 30;

export interface ForecastDates {
  tradeDate: string;
  settlementDate: string;
  /** Human-readable notes for the history when a requested date was moved. */
  adjustments: string[];
}

/**
 * The dates an instruction carries, on the TARGET2 calendar with `today` the
 * market's business date (Europe/Berlin):
 * - default trade date T+1, default settlement date trade + 1;
 * - a requested date before today is moved to the first business day from
 *   today (nothing settles in the past), one on a closed day to the next
 *   business day;
 * - a defaulted trade date is never after a requested settlement date, and
 *   the settlement date is never before the trade date.
 * Every move is listed in `adjustments` (history and a DATA_CHANGED event).
 */
export function forecastDates(
  today: string,
  requested: { trade_date?: string | undefined; settlement_date?: string | undefined },
): ForecastDates {
  const adjustments: string[] = [];
  const firstOpen = nextBusinessDayOnOrAfter(today);
  const requestedDate = (field: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    if (value < today) {
      adjustments.push(`${field} moved from ${value} to ${firstOpen} (in the past)`);
      return firstOpen;
    }
    const open = nextBusinessDayOnOrAfter(value);
    if (open !== value) adjustments.push(`${field} moved from ${value} to ${open} (market closed)`);
    return open;
  };
  const trade = requestedDate('trade_date', requested.trade_date);
  const settlement = requestedDate('settlement_date', requested.settlement_date);
  let tradeDate = trade ?? addBusinessDays(today, 1);
  // Only the settlement date sent (e.g. today): the trade cannot come after it.
  if (trade === undefined && settlement !== undefined && settlement < tradeDate) tradeDate = settlement;
  let settlementDate = settlement ?? addBusinessDays(tradeDate, 1);
  if (settlementDate < tradeDate) {
    adjustments.push(`settlement_date moved from ${settlementDate} to ${tradeDate} (before trade_date)`);
    settlementDate = tradeDate;
  }
  return { tradeDate, settlementDate, adjustments };
}

/**
 * OUTGOING: the legal 3-week deadline. INCOMING: the 30-day expiry, which
 * counts full days: the transfer expires on its due date at the time of day
 * it was received (`incomingExpiryCutoff`).
 */
export function dueDateFor(direction: Direction, receivedOn: string): string {
  return addCalendarDays(
    receivedOn,
    direction === 'OUTGOING' ? OUTGOING_DEADLINE_DAYS : INCOMING_EXPIRY_DAYS,
  );
}

/** INCOMING transfers received at or before this instant have had their 30 full days. */
export function incomingExpiryCutoff(now: Date | string): string {
  const at = typeof now === 'string' ? Date.parse(now) : now.getTime();
  return new Date(at - INCOMING_EXPIRY_DAYS * 86_400_000).toISOString();
}
