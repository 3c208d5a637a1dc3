import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DeadlineItem } from '../api-types.js';
import { DeadlineBadge, StatusBadge } from '../components/badges.js';
import { PageHeader } from '../components/layout.js';
import { Pagination } from '../components/pagination.js';
import { RowLink } from '../components/row-link.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { type PageCursor, usePageCursor } from '../components/use-page-cursor.js';
import { formatDate, formatDaysLeft, formatQuantity } from '../lib/format.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';
import { POLL_MS } from './transfers/transfers-page.js';

function Summary({ label, value, cap, tone }: { label: string; value: number; cap: number; tone: string }) {
  return (
    <div className={`stat stat-${tone}`}>
      <span className="stat-value">
        {value > cap ? `${cap.toLocaleString('en-US')}+` : value.toLocaleString('en-US')}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

interface DeadlinePage {
  rows: DeadlineItem[];
  next_cursor: string | null;
  prev_cursor: string | null;
}

function DeadlineTable({
  page,
  what,
  testId,
  onPage,
}: {
  page: DeadlinePage;
  what: string;
  testId: string;
  onPage: (next: PageCursor) => void;
}) {
  const items = page.rows;
  if (items.length === 0 && page.prev_cursor === null)
    return <EmptyState title={`No open ${what} transfers.`} />;
  return (
    <>
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
      <Pagination
        shown={items.length}
        total={null}
        nextCursor={page.next_cursor}
        prevCursor={page.prev_cursor}
        scannedTo={null}
        onPage={onPage}
      />
    </>
  );
}

/** Open transfers against their legal dates, most urgent first. */
export function DeadlinesPage() {
  const trpc = useTRPC();
  // Each direction pages on its own.
  const [outgoing, setOutgoing] = usePageCursor('outgoing');
  const [incoming, setIncoming] = usePageCursor('incoming');
  const board = useQuery(
    trpc.admin.deadlines.queryOptions(
      { outgoing, incoming, limit: 50 },
      { refetchInterval: POLL_MS, placeholderData: keepPreviousData },
    ),
  );
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
            <Summary
              label="Outgoing overdue"
              value={board.data.summary.outgoing.overdue}
              cap={board.data.counts_capped_at}
              tone="danger"
            />
            <Summary
              label="Outgoing at risk"
              value={board.data.summary.outgoing.at_risk}
              cap={board.data.counts_capped_at}
              tone="warning"
            />
            <Summary
              label="Outgoing on track"
              value={board.data.summary.outgoing.on_track}
              cap={board.data.counts_capped_at}
              tone="ok"
            />
            <Summary
              label="Incoming expiring ≤ 5 days"
              value={board.data.summary.incoming.at_risk + board.data.summary.incoming.overdue}
              cap={board.data.counts_capped_at}
              tone="warning"
            />
          </div>
          <section className="section">
            <h2>Outgoing – 3-week limit</h2>
            <DeadlineTable
              page={board.data.outgoing}
              what="outgoing"
              testId="deadlines-outgoing"
              onPage={setOutgoing}
            />
          </section>
          <section className="section">
            <h2>Incoming – 30-day expiry</h2>
            <DeadlineTable
              page={board.data.incoming}
              what="incoming"
              testId="deadlines-incoming"
              onPage={setIncoming}
            />
          </section>
        </>
      )}
    </>
  );
}
