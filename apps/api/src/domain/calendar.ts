/**
 * TARGET2 business-day calendar: closed on weekends, New Year's Day, Good
 * Friday, Easter Monday, 1 May, 25 and 26 December. Dates are YYYY-MM-DD text
 * handled in UTC so no local time zone can shift a day.
 */

const DAY_MS = 86_400_000;

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function toText(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holidayCache = new Map<number, Set<string>>();

export function target2Holidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    const easter = toUtc(easterSunday(year)).getTime();
    set = new Set([
      `${year}-01-01`,
      toText(new Date(easter - 2 * DAY_MS)),
      toText(new Date(easter + DAY_MS)),
      `${year}-05-01`,
      `${year}-12-25`,
      `${year}-12-26`,
    ]);
    holidayCache.set(year, set);
  }
  return set;
}

export function isBusinessDay(date: string): boolean {
  const d = toUtc(date);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !target2Holidays(d.getUTCFullYear()).has(date);
}

/**
 * Date arithmetic answers are memoised: every create asks the same few
 * questions (today + 1 business day, today + 21 days…), and parsing and
 * formatting dates costs more than the rest of the rule.
 */
const MEMO_LIMIT = 4096;
const memo = new Map<string, string>();

function remembered(key: string, compute: () => string): string {
  let answer = memo.get(key);
  if (answer === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    answer = compute();
    memo.set(key, answer);
  }
  return answer;
}

export function addCalendarDays(date: string, days: number): string {
  return remembered(`c${date}${days}`, () => toText(new Date(toUtc(date).getTime() + days * DAY_MS)));
}

/** The n-th business day after `date` (n ≥ 1). */
export function addBusinessDays(date: string, n: number): string {
  return remembered(`b${date}${n}`, () => {
    let current = date;
    let left = n;
    while (left > 0) {
      current = addCalendarDays(current, 1);
      if (isBusinessDay(current)) left--;
    }
    return current;
  });
}

/** `date` itself when it is a business day, else the next one. */
export function nextBusinessDayOnOrAfter(date: string): string {
  let current = date;
  while (!isBusinessDay(current)) current = addCalendarDays(current, 1);
  return current;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}
