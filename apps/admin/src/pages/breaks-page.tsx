import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PageHeader } from '../components/layout.js';
import { Pagination } from '../components/pagination.js';
import { StateTabs, stateFromSearch } from '../components/state-tabs.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { usePageCursor } from '../components/use-page-cursor.js';
import { formatQuantity } from '../lib/format.js';
import { Link, navigate } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';
import { POLL_MS } from './transfers/transfers-page.js';

const STATES = ['open', 'resolved', 'all'] as const;
const OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
] as const;

/** Differences between our positions and the custodian's statement of holdings (MT535). */
export function BreaksPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const state = stateFromSearch(search, STATES, 'open');
  const [page, setPage] = usePageCursor(state);
  const breaks = useQuery(
    trpc.admin.breaks.queryOptions(
      { state, ...page },
      { refetchInterval: POLL_MS * 2, placeholderData: keepPreviousData },
    ),
  );
  return (
    <>
      <PageHeader
        title="Reconciliation breaks"
        subtitle="Positions where our books and the custodian's statement of holdings disagree."
        actions={<LiveIndicator updatedAt={breaks.dataUpdatedAt} fetching={breaks.isFetching} />}
      />
      <StateTabs
        label="Break state"
        options={OPTIONS}
        selected={state}
        onSelect={(next) => navigate(`${paths.breaks()}${next === 'open' ? '' : `?state=${next}`}`)}
      />
      {breaks.isPending ? (
        <Loading label="Loading breaks…" />
      ) : breaks.isError && !breaks.data ? (
        <ErrorState error={breaks.error} onRetry={() => breaks.refetch()} />
      ) : breaks.data.rows.length === 0 && !page.after && !page.before ? (
        <EmptyState title={state === 'open' ? 'No open breaks.' : 'No breaks recorded.'}>
          Breaks appear here when the reconciler compares a custodian statement (MT535) with our positions and
          they differ.
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="breaks-table">
              <thead>
                <tr>
                  <th>Tenant</th>
                  <th>Account</th>
                  <th>ISIN</th>
                  <th className="num">Ours</th>
                  <th className="num">Custodian</th>
                  <th className="num">Difference</th>
                  <th>Statement</th>
                  <th>First seen</th>
                  <th>Last seen</th>
                  <th>Resolved</th>
                </tr>
              </thead>
              <tbody>
                {breaks.data.rows.map((b) => (
                  <tr key={b.id} className={b.resolved_at ? '' : 'flag-row-overdue'}>
                    <td>{b.tenant_name ?? b.tenant_id}</td>
                    <td>
                      <Link to={paths.account(b.account_id)}>{b.account_name ?? b.account_id}</Link>
                    </td>
                    <td className="mono">
                      <Link
                        to={paths.break(b.id)}
                        aria-label={`Break ${b.isin} ${b.account_name ?? b.account_id}`}
                      >
                        {b.isin}
                      </Link>
                    </td>
                    <td className="num mono">{formatQuantity(b.ours)}</td>
                    <td className="num mono">{formatQuantity(b.theirs)}</td>
                    <td className="num mono strong">{formatQuantity(b.difference)}</td>
                    <td className="mono small">{b.statement_reference ?? '—'}</td>
                    <td className="nowrap">
                      <Time value={b.first_seen_at} />
                    </td>
                    <td className="nowrap">
                      <Time value={b.last_seen_at} />
                    </td>
                    <td className="nowrap">
                      {b.resolved_at ? (
                        <Time value={b.resolved_at} />
                      ) : b.acknowledged_at ? (
                        <span className="badge flag-at-risk" title={`by ${b.acknowledged_by}`}>
                          acknowledged
                        </span>
                      ) : (
                        <span className="badge flag-overdue">open</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            shown={breaks.data.rows.length}
            total={null}
            nextCursor={breaks.data.next_cursor}
            prevCursor={breaks.data.prev_cursor}
            scannedTo={null}
            onPage={setPage}
          />
        </>
      )}
    </>
  );
}
