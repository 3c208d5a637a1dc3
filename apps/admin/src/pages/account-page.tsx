import { useQuery } from '@tanstack/react-query';
import { DirectionLabel, StatusBadge } from '../components/badges.js';
import { FieldList } from '../components/field-list.js';
import { PageHeader } from '../components/layout.js';
import { RowLink } from '../components/row-link.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { DEFAULT_FILTERS, serializeFilters } from '../lib/filters.js';
import { formatQuantity } from '../lib/format.js';
import { Link } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';
import { POLL_MS } from './transfers/transfers-page.js';

export function AccountPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const lookup = useQuery(trpc.admin.accounts.get.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const breaks = useQuery(
    trpc.admin.cases.accountBreaks.queryOptions({ account_id: id }, { refetchInterval: POLL_MS * 2 }),
  );
  if (lookup.isPending) return <Loading label="Loading the account…" />;
  if (lookup.isError && !lookup.data)
    return <ErrorState error={lookup.error} onRetry={() => lookup.refetch()} />;
  const { account, positions, transfers } = lookup.data;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.accounts()}>Accounts</Link> <span aria-hidden="true">/</span> {account.name}
      </nav>
      <PageHeader
        title={account.name}
        subtitle={`${account.tenant_name} · ${account.user_name ?? account.user_id}`}
        actions={<LiveIndicator updatedAt={lookup.dataUpdatedAt} fetching={lookup.isFetching} />}
      />
      <section className="card">
        <FieldList
          fields={[
            [
              'Account id',
              <span key="id" className="mono">
                {account.id}
              </span>,
            ],
            [
              'Status',
              <span key="s" className={`badge account-${account.status.toLowerCase()}`}>
                {account.status}
              </span>,
            ],
            [
              'User id',
              <span key="u" className="mono">
                {account.user_id}
              </span>,
            ],
            [
              'Account group',
              <span key="g" className="mono">
                {account.account_group_id}
              </span>,
            ],
            ['Opened', <Time key="o" value={account.created_at} />],
            [
              'All transfers',
              <Link
                key="t"
                to={paths.transfers(serializeFilters({ ...DEFAULT_FILTERS, account: account.id }))}
              >
                open in the transfers table →
              </Link>,
            ],
          ]}
        />
      </section>
      <section className="section" aria-label="Open breaks">
        <h2>Open breaks</h2>
        {breaks.isPending ? (
          <Loading label="Loading breaks…" />
        ) : breaks.isError && !breaks.data ? (
          <ErrorState error={breaks.error} onRetry={() => breaks.refetch()} />
        ) : breaks.data.length === 0 ? (
          <EmptyState title="No open breaks for this account." />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="open-breaks-table">
              <thead>
                <tr>
                  <th>ISIN</th>
                  <th className="num">Ours</th>
                  <th className="num">Custodian</th>
                  <th className="num">Difference</th>
                  <th>Since</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {breaks.data.map((b) => (
                  <RowLink key={b.id} to={paths.break(b.id)} label={`Break ${b.isin}`}>
                    <td className="mono">{b.isin}</td>
                    <td className="num mono">{formatQuantity(b.ours)}</td>
                    <td className="num mono">{formatQuantity(b.theirs)}</td>
                    <td className="num mono strong">{formatQuantity(b.difference)}</td>
                    <td className="nowrap small">
                      <Time value={b.first_seen_at} />
                    </td>
                    <td>{b.acknowledged_at ? `acknowledged by ${b.acknowledged_by}` : 'open'}</td>
                  </RowLink>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section">
        <h2>Positions</h2>
        {positions.length === 0 ? (
          <EmptyState title="No positions." />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="positions-table">
              <thead>
                <tr>
                  <th>ISIN</th>
                  <th>Instrument</th>
                  <th className="num">Held</th>
                  <th className="num">Reserved</th>
                  <th className="num">Available (whole units)</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {positions.map((p) => (
                  <tr key={p.isin}>
                    <td className="mono">{p.isin}</td>
                    <td>{p.instrument_name ?? '—'}</td>
                    <td className="num mono">{formatQuantity(p.quantity)}</td>
                    <td className="num mono">
                      {p.reserved === '0' ? <span className="muted">0</span> : formatQuantity(p.reserved)}
                    </td>
                    <td className="num mono strong">{formatQuantity(p.available_whole_units)}</td>
                    <td className="nowrap small">
                      <Time value={p.updated_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section">
        <h2>Transfers touching this account</h2>
        {transfers.length === 0 ? (
          <EmptyState title="No transfers for this account yet." />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Dir.</th>
                  <th>Status</th>
                  <th>ISIN</th>
                  <th className="num">Quantity</th>
                  <th className="num">Settled</th>
                  <th className="num">Reserved</th>
                  <th>Settlement ref.</th>
                </tr>
              </thead>
              <tbody>
                {transfers.map((t) => (
                  <RowLink
                    key={t.id}
                    to={paths.transfer('SECURITIES', t.id)}
                    label={`Transfer ${t.isin} ${t.status}`}
                  >
                    <td className="nowrap">
                      <Time value={t.created_at} />
                    </td>
                    <td>
                      <DirectionLabel direction={t.direction} />
                    </td>
                    <td>
                      <StatusBadge status={t.status} />
                    </td>
                    <td className="mono">{t.isin}</td>
                    <td className="num mono">{formatQuantity(t.quantity)}</td>
                    <td className="num mono">{formatQuantity(t.quantity_settled)}</td>
                    <td className="num mono">{formatQuantity(t.reserved_quantity)}</td>
                    <td className="mono ellipsis">{t.settlement_reference}</td>
                  </RowLink>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
