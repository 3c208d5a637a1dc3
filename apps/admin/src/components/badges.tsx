import { formatDaysLeft } from '../lib/format.js';

/** A status pill; an unknown status still renders (status lists grow). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase().replace(/_/g, '-')}`}>{status}</span>;
}

const FLAG_LABELS: Record<string, string> = {
  OVERDUE: 'Overdue',
  AT_RISK: 'At risk',
  ON_TRACK: 'On track',
  DONE: 'Closed',
};

export function DeadlineBadge({ flag, daysLeft }: { flag: string; daysLeft?: number | null }) {
  const label = FLAG_LABELS[flag] ?? flag;
  return (
    <span className={`badge flag-${flag.toLowerCase().replace(/_/g, '-')}`}>
      {label}
      {daysLeft !== undefined && daysLeft !== null ? ` · ${formatDaysLeft(daysLeft)}` : ''}
    </span>
  );
}

export function DirectionLabel({ direction }: { direction: string }) {
  return (
    <span className={`direction direction-${direction.toLowerCase()}`}>
      {direction === 'INCOMING' ? '↓ In' : direction === 'OUTGOING' ? '↑ Out' : direction}
    </span>
  );
}
