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
 * Trade T+1 and settlement trade+1 on the TARGET2 calendar by default; a
 * requested date on a closed day moves to the next business day so it can
 * match at the market.
 */
export function forecastDates(
  today: string,
  requested: { trade_date?: string | undefined; settlement_date?: string | undefined },
): ForecastDates {
  const adjustments: string[] = [];
  let tradeDate = addBusinessDays(today, 1);
  if (requested.trade_date) {
    tradeDate = nextBusinessDayOnOrAfter(requested.trade_date);
    if (tradeDate !== requested.trade_date) {
      adjustments.push(`trade_date moved from ${requested.trade_date} to ${tradeDate} (market closed)`);
    }
  }
  let settlementDate = addBusinessDays(tradeDate, 1);
  if (requested.settlement_date) {
    settlementDate = nextBusinessDayOnOrAfter(requested.settlement_date);
    if (settlementDate !== requested.settlement_date) {
      adjustments.push(
        `settlement_date moved from ${requested.settlement_date} to ${settlementDate} (market closed)`,
      );
    }
  }
  return { tradeDate, settlementDate, adjustments };
}

/** OUTGOING: the legal 3-week deadline. INCOMING: the 30-day expiry. */
export function dueDateFor(direction: Direction, receivedOn: string): string {
  return addCalendarDays(
    receivedOn,
    direction === 'OUTGOING' ? OUTGOING_DEADLINE_DAYS : INCOMING_EXPIRY_DAYS,
  );
}
