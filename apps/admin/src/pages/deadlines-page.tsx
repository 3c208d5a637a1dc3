import { useQuery } from '@tanstack/react-query';
import type { DeadlineItem } from '../api-types.js';
import { DeadlineBadge, StatusBadge } from '../components/badges.js';
import { PageHeader } from '../components/layout.js';
import { RowLink } from '../components/row-link.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { formatDate, formatDaysLeft, formatQuantity } from '../lib/format.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';
import { POLL_MS } from './transfers/transfers-page.js';

function Summary({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div className={`stat stat-${tone}`}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function DeadlineTable({ items, what, testId }: { items: DeadlineItem[]; what: string; testId: string }) {
  if (items.length === 0) return <EmptyState title={`No open ${what} transfers.`} />;
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>Days left</th>
            <th>Due</th>
            <th>State</th>
            <th>Received</th>
            <th>Tenant</th>
            <th>Account</th>
            <th>ISIN</th>
            <th className="num">Quantity</th>
            <th>Status</th>
            <th>Settlement ref.</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <RowLink
              key={item.id}
              to={paths.transfer('SECURITIES', item.id)}
              label={`${item.isin} ${formatDaysLeft(item.days_left)}`}
              className={`flag-row-${item.flag.toLowerCase().replace('_', '-')}`}
            >
              <td className="num strong">{formatDaysLeft(item.days_left)}</td>
              <td className="nowrap">{formatDate(item.due_date)}</td>
              <td>
                <DeadlineBadge flag={item.flag} />
              </td>
              <td className="nowrap">{formatDate(item.received_on)}</td>
              <td className="nowrap">{item.tenant_name}</td>
              <td>{item.account_name ?? item.account_id}</td>
              <td className="mono">{item.isin}</td>
              <td className="num mono">{formatQuantity(item.quantity)}</td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td className="mono ellipsis">{item.settlement_reference}</td>
            </RowLink>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Open transfers against their legal dates, most urgent first. */
export function DeadlinesPage() {
  const trpc = useTRPC();
  const board = useQuery(trpc.admin.deadlines.queryOptions(undefined, { refetchInterval: POLL_MS }));
  return (
    <>
      <PageHeader
        title="Deadlines"
        subtitle={
          <>
            Outgoing transfers must complete within 3 weeks (21 calendar days) of receipt; incoming requests
            expire after 30 days. At risk: {board.data?.at_risk_days ?? 5} days or fewer left.
            {board.data && <> Today is {formatDate(board.data.today)}.</>}
          </>
        }
        actions={<LiveIndicator updatedAt={board.dataUpdatedAt} fetching={board.isFetching} />}
      />
      {board.isPending ? (
        <Loading label="Loading deadlines…" />
      ) : board.isError && !board.data ? (
        <ErrorState error={board.error} onRetry={() => board.refetch()} />
      ) : (
        <>
          <div className="stats">
            <Summary label="Outgoing overdue" value={board.data.summary.outgoing.overdue} tone="danger" />
            <Summary label="Outgoing at risk" value={board.data.summary.outgoing.at_risk} tone="warning" />
            <Summary label="Outgoing on track" value={board.data.summary.outgoing.on_track} tone="ok" />
            <Summary
              label="Incoming expiring ≤ 5 days"
              value={board.data.summary.incoming.at_risk + board.data.summary.incoming.overdue}
              tone="warning"
            />
          </div>
          <section className="section">
            <h2>Outgoing – 3-week limit</h2>
            <DeadlineTable items={board.data.outgoing} what="outgoing" testId="deadlines-outgoing" />
          </section>
          <section className="section">
            <h2>Incoming – 30-day expiry</h2>
            <DeadlineTable items={board.data.incoming} what="incoming" testId="deadlines-incoming" />
          </section>
        </>
      )}
    </>
  );
}
