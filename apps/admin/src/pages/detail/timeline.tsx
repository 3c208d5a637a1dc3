import type { HistoryEntry } from '../../api-types.js';
import { StatusBadge } from '../../components/badges.js';
import { EmptyState } from '../../components/states.js';
import { Time } from '../../components/time.js';

function actorClass(actor: string): string {
  if (actor.startsWith('operator:')) return 'actor actor-operator';
  if (actor.startsWith('client:')) return 'actor actor-client';
  return 'actor actor-system';
}

/** The audit trail: when, who, from → to, why, and the custodian message behind it. */
export function Timeline({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <EmptyState title="No history recorded." />;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry) => {
        const changed = entry.from_status !== entry.to_status;
        return (
          <li key={entry.id} className={`timeline-item${changed ? ' timeline-change' : ''}`}>
            <div className="timeline-head">
              <Time value={entry.at} />
              <span className={actorClass(entry.actor)}>{entry.actor}</span>
            </div>
            <div className="timeline-status">
              {entry.from_status ? (
                <StatusBadge status={entry.from_status} />
              ) : (
                <span className="muted">created</span>
              )}
              {changed && (
                <>
                  <span className="muted"> → </span>
                  {entry.to_status && <StatusBadge status={entry.to_status} />}
                </>
              )}
              {entry.reason_code && <code className="reason-code">{entry.reason_code}</code>}
            </div>
            {entry.reason && <p className="timeline-reason">{entry.reason}</p>}
            {entry.source_message && (
              <p className="muted small">
                Source message: <code>{entry.source_message}</code>
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
