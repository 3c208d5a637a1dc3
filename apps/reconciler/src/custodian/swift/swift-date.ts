import { isRealCalendarDate } from '@tbo/contracts';

const SWIFT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const SWIFT_TIME = /^(\d{2})(\d{2})(\d{2})$/;

/** `2024-01-15` → `20240115` (the caller has checked the date). */
export function toSwiftDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/** `20240115` → `2024-01-15`; undefined unless it is a real calendar date. */
export function fromSwiftDate(value: string): string | undefined {
  const m = SWIFT_DATE.exec(value);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isRealCalendarDate(iso) ? iso : undefined;
}

/** `HHMMSS` with hours < 24, minutes and seconds < 60. */
export function isSwiftTime(value: string): boolean {
  const m = SWIFT_TIME.exec(value);
  return m !== null && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60;
}
