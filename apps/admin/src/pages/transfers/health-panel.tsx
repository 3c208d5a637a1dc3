import { useQuery } from '@tanstack/react-query';
import { formatAge, formatDateTime } from '../../lib/format.js';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';

const HEALTH_POLL_MS = 10_000;

function Figure(props: { label: string; value: string; bad?: boolean; title?: string }) {
  return (
    <div className={`figure${props.bad ? ' figure-bad' : ''}`} title={props.title}>
      <span className="figure-value">{props.value}</span>
      <span className="figure-label">{props.label}</span>
    </div>
  );
}

const count = (n: number, cap?: number) =>
  cap !== undefined && n > cap ? `${cap.toLocaleString('en-US')}+` : n.toLocaleString('en-US');

/** How far behind the settlement worker and the webhook dispatcher are; every figure from an index or a counter. */
export function HealthPanel() {
  const trpc = useTRPC();
  const health = useQuery(trpc.admin.health.queryOptions(undefined, { refetchInterval: HEALTH_POLL_MS }));
  if (!health.data) return null;
  const { reconciler: r, dispatcher: d } = health.data;
  const lastPass = r.passes[0];
  const cap = d.counts_capped_at;
  const trouble =
    (r.lag_seconds ?? 0) > 300 || r.parked > 0 || r.open_exceptions > 0 || d.failing > 0 || !lastPass;
  return (
    <details className="health" aria-label="Health" data-testid="health-panel">
      <summary className="health-summary">
        <span className={trouble ? 'badge flag-overdue' : 'badge state-ok'}>
          {trouble ? 'attention' : 'healthy'}
        </span>{' '}
        worker lag {r.lag_seconds === null ? 'none' : formatAge(r.lag_seconds)} · last pass{' '}
        {lastPass ? `${formatAge(lastPass.seconds_ago)} ago` : 'never'} · parked {count(r.parked)} · webhooks
        backlog {count(d.backlog, cap)}, failing {count(d.failing, cap)}
      </summary>
      <div className="health-groups">
        <div className="health-group">
          <h2 className="health-title">Settlement worker</h2>
          <Figure
            label="lag (oldest unclaimed NEW)"
            value={r.lag_seconds === null ? 'none' : formatAge(r.lag_seconds)}
            bad={(r.lag_seconds ?? 0) > 300}
            title={
              r.oldest_unclaimed_new_at ? `since ${formatDateTime(r.oldest_unclaimed_new_at)}` : undefined
            }
          />
          <Figure
            label="last pass"
            value={lastPass ? `${formatAge(lastPass.seconds_ago)} ago` : 'never'}
            bad={!lastPass || lastPass.seconds_ago > 300}
            title={
              lastPass
                ? `${lastPass.owner} at ${formatDateTime(lastPass.last_pass_at)}, ${lastPass.last_claimed} claimed`
                : undefined
            }
          />
          <Figure label="parked" value={count(r.parked)} bad={r.parked > 0} />
          <Figure label="retrying" value={count(r.retrying)} />
          <Figure label="cancellations to forward" value={count(r.cancellations_to_forward)} />
          <Figure label="open exceptions" value={count(r.open_exceptions)} bad={r.open_exceptions > 0} />
        </div>
        <div className="health-group">
          <h2 className="health-title">Webhook dispatcher</h2>
          <Figure label="backlog" value={count(d.backlog, cap)} />
          <Figure label="failing deliveries" value={count(d.failing, cap)} bad={d.failing > 0} />
          <Figure
            label="events not fanned out"
            value={count(d.unfanned_events)}
            bad={d.unfanned_events > 1000}
          />
          <div className="figure figure-list">
            <span className="figure-label">failing endpoints</span>
            {d.failing_endpoints.length === 0 ? (
              <span className="muted small">none</span>
            ) : (
              <ul className="plain small">
                {d.failing_endpoints.slice(0, 3).map((e) => (
                  <li key={e.subscription_id} title={e.last_error ?? undefined}>
                    <Link to={paths.webhooks()}>{e.url ?? e.subscription_id}</Link> · {e.failing_deliveries}{' '}
                    failing
                    {e.last_status_code !== null && ` · HTTP ${e.last_status_code}`}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </div>
    </details>
  );
}
