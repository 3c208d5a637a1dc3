import { formatDateTime, formatLocalDateTime, localTimeZone } from '../lib/format.js';

/**
 * Every instant the console shows: in the operator's local time, with the
 * stored UTC time (and the zone) on hover. Dates without a time (trade,
 * settlement, due dates) are market dates and stay `formatDate`.
 */
export function Time({ value, className }: { value: string | null | undefined; className?: string }) {
  if (!value) return <span className="muted">—</span>;
  const local = formatLocalDateTime(value);
  if (local === value) return <span className={className}>{value}</span>;
  return (
    <time
      dateTime={value}
      className={className}
      title={`${formatDateTime(value)} (shown in ${localTimeZone()})`}
    >
      {local}
    </time>
  );
}
