import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CustodianException } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import { Pagination } from '../components/pagination.js';
import { ReasonDialog } from '../components/reason-dialog.js';
import { StateTabs, stateFromSearch } from '../components/state-tabs.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { usePageCursor } from '../components/use-page-cursor.js';
import { Link, navigate } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useSession } from '../session/session-context.js';
import { useTRPC } from '../trpc.js';
import { POLL_MS } from './transfers/transfers-page.js';

const STATES = ['open', 'resolved', 'all'] as const;
const OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
] as const;

function ExceptionCard({ item, onResolve }: { item: CustodianException; onResolve?: () => void }) {
  return (
    <article className="card exception" aria-label={`Exception ${item.reason_code}`}>
      <header className="exception-head">
        <span className={`badge ${item.resolved_at ? 'flag-done' : 'flag-overdue'}`}>{item.reason_code}</span>
        <span className="mono small">
          {item.message_type ?? 'message'} {item.message_reference ?? ''}
        </span>
        <span className="muted small">
          received <Time value={item.received_at} />
        </span>
        {item.acknowledged_at && !item.resolved_at && (
          <span className="badge flag-at-risk" title={`by ${item.acknowledged_by}`}>
            acknowledged
          </span>
        )}
        <Link to={paths.exception(item.id)} className="small">
          Work on it →
        </Link>
        {item.source && <span className="mono small muted">{item.source}</span>}
      </header>
      <p className="exception-detail">{item.detail}</p>
      <p className="small">
        {item.transfer_id ? (
          <>
            Names transfer <Link to={paths.transfer('SECURITIES', item.transfer_id)}>{item.transfer_id}</Link>
            {item.tenant_name ? <span className="muted"> ({item.tenant_name})</span> : null}
          </>
        ) : (
          <span className="muted">
            Names no transfer of ours{item.related_reference ? ` (reference ${item.related_reference})` : ''}.
          </span>
        )}
      </p>
      <details>
        <summary className="small">Raw message</summary>
        <pre className="raw-message" data-testid="raw-message">
          {item.raw_message ?? '(not kept)'}
        </pre>
      </details>
      {item.resolved_at ? (
        <p className="small">
          Resolved <Time value={item.resolved_at} /> by <span className="actor">{item.resolved_by}</span>:{' '}
          {item.resolution}
        </p>
      ) : (
        onResolve && (
          <div className="button-row">
            <button type="button" className="button" onClick={onResolve}>
              Resolve…
            </button>
          </div>
        )
      )}
    </article>
  );
}

/** Custodian messages that were not booked (mismatched, unknown, late, unreadable), for operations to resolve. */
export function ExceptionsPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite } = useSession();
  const state = stateFromSearch(search, STATES, 'open');
  const [page, setPage] = usePageCursor(state);
  const list = useQuery(
    trpc.admin.exceptions.list.queryOptions(
      { state, ...page },
      { refetchInterval: POLL_MS * 2, placeholderData: keepPreviousData },
    ),
  );
  const [resolving, setResolving] = useState<CustodianException | null>(null);
  const resolve = useMutation(
    trpc.admin.exceptions.resolve.mutationOptions({
      onSuccess: async () => {
        setResolving(null);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="Custodian exceptions"
        subtitle="Messages from the custodian that were not booked because they do not match what we instructed."
        actions={<LiveIndicator updatedAt={list.dataUpdatedAt} fetching={list.isFetching} />}
      />
      <StateTabs
        label="Exception state"
        options={OPTIONS}
        selected={state}
        onSelect={(next) => navigate(`${paths.exceptions()}${next === 'open' ? '' : `?state=${next}`}`)}
      />
      {list.isPending ? (
        <Loading label="Loading exceptions…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.rows.length === 0 && !page.after && !page.before ? (
        <EmptyState title={state === 'open' ? 'No open exceptions.' : 'No exceptions recorded.'}>
          A custodian message lands here when its type, ISIN, safekeeping account or quantity does not match
          our instruction, when it names no transfer of ours, or when it cannot be read.
        </EmptyState>
      ) : (
        <>
          <div className="exception-list" data-testid="exceptions-list">
            {list.data.rows.map((item) => (
              <ExceptionCard
                key={item.id}
                item={item}
                {...(canWrite
                  ? {
                      onResolve: () => {
                        resolve.reset();
                        setResolving(item);
                      },
                    }
                  : {})}
              />
            ))}
          </div>
          <Pagination
            shown={list.data.rows.length}
            total={null}
            nextCursor={list.data.next_cursor}
            prevCursor={list.data.prev_cursor}
            scannedTo={null}
            onPage={setPage}
          />
        </>
      )}
      {resolving && (
        <ReasonDialog
          title="Resolve this exception?"
          description={`${resolving.reason_code}: nothing is booked by resolving it. Say what was done about the message (asked the custodian, booked by hand, returned the units…).`}
          confirmLabel="Resolve"
          pending={resolve.isPending}
          error={resolve.error}
          onConfirm={(reason) => resolve.mutate({ id: resolving.id, reason })}
          onClose={() => setResolving(null)}
        />
      )}
    </>
  );
}
