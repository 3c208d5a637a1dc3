import { useQuery } from '@tanstack/react-query';
import type { WebhookHealth } from '../../api-types.js';
import { ErrorState, Loading } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { useTRPC } from '../../trpc.js';
import { POLL_MS } from '../transfers/transfers-page.js';

const LABEL: Record<WebhookHealth['health'], string> = {
  failing: 'failing',
  healthy: 'healthy',
  disabled: 'disabled',
  unknown: 'no attempts yet',
};

const BADGE: Record<WebhookHealth['health'], string> = {
  failing: 'delivery-failing',
  healthy: 'delivery-ok',
  disabled: 'delivery-pending',
  unknown: 'delivery-pending',
};

/** One row per subscription: failing since, last success, backlog and the latest answer. */
export function SubscriptionHealth() {
  const trpc = useTRPC();
  const health = useQuery(trpc.admin.webhooks.health.queryOptions(undefined, { refetchInterval: POLL_MS }));
  if (health.isPending) return <Loading label="Loading subscriptions…" />;
  if (health.isError && !health.data)
    return <ErrorState error={health.error} onRetry={() => health.refetch()} />;
  const { subscriptions, truncated } = health.data;
  return (
    <section className="card card-tight" aria-labelledby="subscription-health-title">
      <h2 id="subscription-health-title">Subscriptions</h2>
      {subscriptions.length === 0 ? (
        <p className="muted small">No tenant has subscribed to webhooks yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="subscription-health">
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>Tenant</th>
                <th>Health</th>
                <th>Failing since</th>
                <th>Last success</th>
                <th className="num">Backlog</th>
                <th>Oldest waiting event</th>
                <th>Latest attempt</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((s) => (
                <tr key={s.id} data-subscription={s.id}>
                  <td className="ellipsis wide mono small" title={s.url}>
                    {s.url}
                  </td>
                  <td className="nowrap">{s.tenant_name ?? s.tenant_id}</td>
                  <td>
                    <span className={`badge ${BADGE[s.health]}`}>{LABEL[s.health]}</span>
                  </td>
                  <td className="nowrap" data-testid="failing-since">
                    <Time value={s.failing_since} />
                  </td>
                  <td className="nowrap">
                    <Time value={s.last_success_at} />
                  </td>
                  <td className="num" data-testid="backlog">
                    {s.backlog}
                  </td>
                  <td className="nowrap">
                    <Time value={s.oldest_pending_event_at} />
                  </td>
                  <td className="small">
                    {s.last_attempt_at ? (
                      <>
                        <Time value={s.last_attempt_at} /> ·{' '}
                        {s.last_error ?? (s.last_status_code ? `HTTP ${s.last_status_code}` : '')}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {truncated && <p className="muted small">Showing the first 500 subscriptions.</p>}
    </section>
  );
}
