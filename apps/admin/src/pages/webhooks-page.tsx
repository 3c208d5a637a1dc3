import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { WebhookDelivery } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import { Pagination } from '../components/pagination.js';
import { ReasonDialog } from '../components/reason-dialog.js';
import { StateTabs, stateFromSearch } from '../components/state-tabs.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { usePageCursor } from '../components/use-page-cursor.js';
import { shortId } from '../lib/format.js';
import { Link, navigate } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useSession } from '../session/session-context.js';
import { useTRPC } from '../trpc.js';
import { POLL_MS } from './transfers/transfers-page.js';
import { SubscriptionHealth } from './webhooks/subscription-health.js';

const STATES = ['failing', 'pending', 'delivered', 'all'] as const;
const OPTIONS = [
  { value: 'failing', label: 'Failing' },
  { value: 'pending', label: 'Pending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'all', label: 'All' },
] as const;

/** Webhook deliveries per subscription and event; a failing one can be sent again now. */
export function WebhooksPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite, operator } = useSession();
  const state = stateFromSearch(search, STATES, 'failing');
  const [page, setPage] = usePageCursor(state);
  const deliveries = useQuery(
    trpc.admin.webhooks.deliveries.queryOptions(
      { state, ...page },
      { refetchInterval: POLL_MS, placeholderData: keepPreviousData },
    ),
  );
  const [target, setTarget] = useState<WebhookDelivery | null>(null);
  const redeliver = useMutation(
    trpc.admin.webhooks.redeliver.mutationOptions({
      onSuccess: async () => {
        setTarget(null);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Each subscription's health, then the deliveries. A failing delivery holds back later events of the same transfer."
        actions={<LiveIndicator updatedAt={deliveries.dataUpdatedAt} fetching={deliveries.isFetching} />}
      />
      <SubscriptionHealth />
      <StateTabs
        label="Delivery state"
        options={OPTIONS}
        selected={state}
        onSelect={(next) => navigate(paths.webhooks(next === 'failing' ? '' : `?state=${next}`))}
      />
      {deliveries.isPending ? (
        <Loading label="Loading deliveries…" />
      ) : deliveries.isError && !deliveries.data ? (
        <ErrorState error={deliveries.error} onRetry={() => deliveries.refetch()} />
      ) : deliveries.data.rows.length === 0 && !page.after && !page.before ? (
        <EmptyState title={state === 'failing' ? 'No failing deliveries.' : 'No deliveries here.'}>
          Deliveries appear once a tenant subscribes to webhooks and its transfers produce events.
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="deliveries-table">
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Tenant</th>
                  <th>Transfer</th>
                  <th>Endpoint</th>
                  <th>State</th>
                  <th className="num">Attempts</th>
                  <th>Last attempt</th>
                  <th>Next attempt</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {deliveries.data.rows.map((d) => (
                  <tr key={`${d.subscription_id}:${d.event_seq}`}>
                    <td className="mono small" title={d.event_id}>
                      {d.event_type}
                    </td>
                    <td className="nowrap">{d.tenant_name ?? d.tenant_id}</td>
                    <td>
                      <Link
                        to={paths.transfer(
                          d.object_kind === 'ACCOUNT_TRANSFER' ? 'ACCOUNT' : 'SECURITIES',
                          d.object_id,
                        )}
                      >
                        <span className="mono">{shortId(d.object_id)}</span>
                      </Link>
                    </td>
                    <td className="ellipsis small" title={d.url ?? ''}>
                      {d.url ?? d.subscription_id}
                    </td>
                    <td>
                      <span
                        className={`badge delivery-${d.state === 'delivered' ? 'ok' : d.attempts > 0 ? 'failing' : 'pending'}`}
                      >
                        {d.state === 'delivered' ? 'delivered' : d.attempts > 0 ? 'failing' : 'pending'}
                      </span>
                      {(d.last_error !== null || d.last_status_code !== null) && (
                        <div className="small muted">{d.last_error ?? `HTTP ${d.last_status_code}`}</div>
                      )}
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td className="nowrap small">
                      <Time value={d.last_attempt_at} />
                    </td>
                    <td className="nowrap small">
                      {d.state === 'delivered' ? '—' : <Time value={d.next_attempt_at} />}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={!canWrite}
                        title={
                          canWrite
                            ? 'Send this event again now'
                            : `Your role (${operator.role}) cannot redeliver`
                        }
                        onClick={() => {
                          redeliver.reset();
                          setTarget(d);
                        }}
                      >
                        Redeliver
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            shown={deliveries.data.rows.length}
            total={null}
            nextCursor={deliveries.data.next_cursor}
            prevCursor={deliveries.data.prev_cursor}
            scannedTo={null}
            onPage={setPage}
          />
        </>
      )}
      {target && (
        <ReasonDialog
          title="Redeliver this event?"
          description={`${target.event_type} to ${target.url ?? target.subscription_id} is queued for now, skipping its back-off. Receivers deduplicate by event id.`}
          confirmLabel="Redeliver now"
          pending={redeliver.isPending}
          error={redeliver.error}
          onConfirm={(reason) =>
            redeliver.mutate({ subscription_id: target.subscription_id, event_seq: target.event_seq, reason })
          }
          onClose={() => setTarget(null)}
        />
      )}
    </>
  );
}
