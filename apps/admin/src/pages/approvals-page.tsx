import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Approval } from '../api-types.js';
import { StatusBadge } from '../components/badges.js';
import { PageHeader } from '../components/layout.js';
import { Pagination } from '../components/pagination.js';
import { ReasonDialog } from '../components/reason-dialog.js';
import { StateTabs, stateFromSearch } from '../components/state-tabs.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { usePageCursor } from '../components/use-page-cursor.js';
import { errorMessage } from '../lib/errors.js';
import { formatQuantity } from '../lib/format.js';
import { Link, navigate } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useSession } from '../session/session-context.js';
import { useTRPC } from '../trpc.js';
import { POLL_MS } from './transfers/transfers-page.js';

const STATES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
const OPTIONS = [
  { value: 'PENDING', label: 'Waiting' },
  { value: 'APPROVED', label: 'Approved' },
  { value: 'REJECTED', label: 'Rejected' },
] as const;

export function describeApproval(a: Approval): string {
  return a.action === 'MANUAL_SETTLE'
    ? `Manual settle of ${formatQuantity(a.quantity ?? '')} units on ${a.settlement_date}`
    : 'Manual reject';
}

/** Four eyes: manual settles and rejects asked for by one operator, approved or turned down by another. */
export function ApprovalsPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite, operator } = useSession();
  const state = stateFromSearch(search, STATES, 'PENDING');
  const [page, setPage] = usePageCursor(state);
  const list = useQuery(
    trpc.admin.approvals.list.queryOptions(
      { state, ...page },
      { refetchInterval: POLL_MS, placeholderData: keepPreviousData },
    ),
  );
  const [turningDown, setTurningDown] = useState<Approval | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  };
  const approve = useMutation(trpc.admin.approvals.approve.mutationOptions({ onSuccess: refresh }));
  const reject = useMutation(
    trpc.admin.approvals.reject.mutationOptions({
      onSuccess: async () => {
        setTurningDown(null);
        await refresh();
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="Approvals"
        subtitle="Manual settlements and rejections run only when a second operator approves them."
        actions={<LiveIndicator updatedAt={list.dataUpdatedAt} fetching={list.isFetching} />}
      />
      <StateTabs
        label="Approval state"
        options={OPTIONS}
        selected={state}
        onSelect={(next) => navigate(paths.approvals(next === 'PENDING' ? '' : `?state=${next}`))}
      />
      {approve.isError && (
        <p className="form-error" role="alert">
          {errorMessage(approve.error)}
        </p>
      )}
      {list.isPending ? (
        <Loading label="Loading approvals…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.rows.length === 0 && !page.after && !page.before ? (
        <EmptyState title={state === 'PENDING' ? 'Nothing waits for approval.' : 'None yet.'} />
      ) : (
        <>
          <div className="exception-list" data-testid="approvals-list">
            {list.data.rows.map((a) => {
              const own = a.requested_by === `operator:${operator.email}`;
              return (
                <article key={a.id} className="card exception" aria-label={`Approval ${a.transfer_id}`}>
                  <header className="exception-head">
                    <strong>{describeApproval(a)}</strong>
                    {a.transfer_status && <StatusBadge status={a.transfer_status} />}
                    <span className="muted small">{a.tenant_name}</span>
                  </header>
                  <p className="small">
                    Transfer <Link to={paths.transfer('SECURITIES', a.transfer_id)}>{a.transfer_id}</Link>{' '}
                    <span className="mono muted">{a.settlement_reference}</span>
                  </p>
                  <p className="small">
                    Asked by <span className="actor">{a.requested_by}</span> <Time value={a.requested_at} />:{' '}
                    {a.reason}
                  </p>
                  {a.decided_at && (
                    <p className="small">
                      {a.state === 'APPROVED' ? 'Approved' : 'Rejected'} by{' '}
                      <span className="actor">{a.decided_by}</span> <Time value={a.decided_at} />
                      {a.decision_reason ? `: ${a.decision_reason}` : ''}
                    </p>
                  )}
                  {a.state === 'PENDING' && canWrite && (
                    <div className="button-row">
                      <button
                        type="button"
                        className="button button-primary"
                        disabled={own || approve.isPending}
                        title={own ? 'You asked for this; another operator must approve it' : undefined}
                        onClick={() => approve.mutate({ id: a.id })}
                      >
                        Approve
                      </button>
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          reject.reset();
                          setTurningDown(a);
                        }}
                      >
                        {own ? 'Withdraw…' : 'Reject…'}
                      </button>
                      {own && <span className="muted small">Waiting for a second operator.</span>}
                    </div>
                  )}
                </article>
              );
            })}
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
      {turningDown && (
        <ReasonDialog
          title="Reject this request?"
          description={`${describeApproval(turningDown)} asked by ${turningDown.requested_by}: nothing is applied.`}
          confirmLabel="Reject request"
          danger
          pending={reject.isPending}
          error={reject.error}
          onConfirm={(reason) => reject.mutate({ id: turningDown.id, reason })}
          onClose={() => setTurningDown(null)}
        />
      )}
    </>
  );
}
