// Display helpers. Quantities stay decimal strings end to end: they are
// grouped by text manipulation, never parsed into a binary float.

const DECIMAL = /^(-?)(\d*)(?:\.(\d+))?$/;

/** "1234567.5" → "1,234,567.5"; anything that is not a decimal string is shown as it came. */
export function formatQuantity(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const [, sign = '', rawInt = '', fraction] = match;
  const intPart = rawInt.replace(/^0+(?=\d)/, '') || '0';
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const isZero = /^0*$/.test(intPart) && /^0*$/.test(fraction ?? '');
  return `${isZero ? '' : sign}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-03-02" (or a timestamp) → "2 Mar 2026", read in UTC like every date the api stores. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const only = DATE_ONLY.exec(value);
  if (only) {
    const [, y, m, d] = only;
    const month = MONTHS[Number(m) - 1];
    return month ? `${Number(d)} ${month} ${y}` : value;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-03-02T09:05:07.123Z" → "2 Mar 2026, 09:05:07 UTC". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${formatDate(value)}, ${time} UTC`;
}

/** Days against a deadline, as an operator says it. */
export function formatDaysLeft(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  if (days === 0) return 'due today';
  const n = Math.abs(days);
  const unit = n === 1 ? 'day' : 'days';
  return days > 0 ? `${n} ${unit} left` : `${n} ${unit} overdue`;
}

/** A long id shortened for tables; the full id stays in the title attribute. */
export function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

const LOCAL_FORMAT_OPTIONS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** "2026-03-02T09:05:07Z" → "2 Mar 2026, 10:05:07" in the operator's zone (or the one given). */
export function formatLocalDateTime(value: string | null | undefined, timeZone?: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = new Intl.DateTimeFormat('en-GB', { ...LOCAL_FORMAT_OPTIONS, timeZone }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** The zone local times are shown in, e.g. "Europe/Berlin". */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A duration as operators say it, two units at most: "29 d 23 h", "5 h 3 min", "42 s". */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds < 0) return '—';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${Math.floor(seconds)} s`;
}
