import type { SecuritiesDetail } from '../../api-types.js';
import { DeadlineBadge } from '../../components/badges.js';
import type { Field } from '../../components/field-list.js';
import { formatAge, formatDateTime } from '../../lib/format.js';

/** Seconds between two instants, as the api's clock saw `to`. */
function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));
}

/**
 * The answer to "why is it still open?" in one place: how long it has been
 * in its status, the custodian's latest word, the deadline, a pending
 * cancellation, open exceptions and the worker's failures.
 */
export function WhyStuck({ detail }: { detail: SecuritiesDetail }) {
  const now = detail.now;
  const t = detail.transfer;
  if (t.status !== 'NEW' && t.status !== 'PROCESSING') return null;
  const entered = [...detail.history].reverse().find((h) => h.from_status !== h.to_status);
  const since = entered?.at ?? t.created_at;
  const openExceptions = detail.exceptions.filter((e) => e.resolved_at === null).length;
  const items: Field[] = [
    [
      'In status',
      `${t.status.toLowerCase()} for ${formatAge(secondsBetween(since, now))} (since ${formatDateTime(since)})`,
    ],
    ['Age', `${formatAge(secondsBetween(t.created_at, now))} since it was received`],
    ['Deadline', <DeadlineBadge key="d" flag={detail.deadline.flag} daysLeft={detail.deadline.days_left} />],
    [
      'Custodian says',
      t.custodian_status
        ? `${t.custodian_status}${t.custodian_reason_code ? ` ${t.custodian_reason_code}` : ''}${t.custodian_reason_text ? ` – ${t.custodian_reason_text}` : ''} (${formatDateTime(t.custodian_status_at)})`
        : t.status === 'NEW'
          ? 'not instructed yet'
          : 'no status advice yet',
    ],
    [
      'Cancellation',
      t.cancellation_requested_at
        ? `requested ${formatDateTime(t.cancellation_requested_at)}${t.cancellation_forwarded_at ? ', forwarded to the custodian' : ', not yet forwarded'}`
        : t.cancellation_denied_at
          ? `last request denied ${formatDateTime(t.cancellation_denied_at)}`
          : 'none pending',
    ],
    ['Open exceptions', openExceptions === 0 ? 'none' : `${openExceptions} not resolved`],
    [
      'Worker',
      t.parked_at
        ? `parked ${formatDateTime(t.parked_at)}: ${t.work_error ?? 'unknown error'}`
        : t.work_attempts > 0
          ? `${t.work_attempts} failed attempt(s): ${t.work_error ?? 'unknown'}`
          : t.lease_owner
            ? `held by ${t.lease_owner}`
            : 'no failures',
    ],
  ];
  return (
    <section className="card why-stuck" aria-label="Why it is still open" data-testid="why-stuck">
      <h2>Why it is still open</h2>
      <dl className="stuck-fields">
        {items.map(([label, value]) => (
          <div key={label} className="field">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
