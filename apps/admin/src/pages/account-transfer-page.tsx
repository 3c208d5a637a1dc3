import { useQuery } from '@tanstack/react-query';
import type { AccountDetail } from '../api-types.js';
import { DeadlineBadge, StatusBadge } from '../components/badges.js';
import { RowLink } from '../components/row-link.js';
import { ErrorState, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { formatDate, formatQuantity } from '../lib/format.js';
import { Link } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';
import { DetailLayout } from './detail/detail-layout.js';
import { OperatorActions } from './detail/operator-actions.js';
import { TransferHeader } from './detail/transfer-header.js';
import { POLL_MS } from './transfers/transfers-page.js';

function fieldsOf(d: AccountDetail) {
  const t = d.transfer;
  const mono = (v: string | null) => (v ? <span className="mono">{v}</span> : null);
  return [
    ['Tenant', d.tenant.name],
    [
      'Account',
      <Link key="a" to={paths.account(t.account_id)}>
        {d.account?.name ?? t.account_id}
      </Link>,
    ],
    ['Account id', mono(t.account_id)],
    ['User id', mono(t.user_id)],
    ['Account group', mono(t.account_group_id)],
    ['Settlement reference', mono(t.settlement_reference)],
    ['Counterparty BIC', mono(t.counterparty_bic)],
    ['Counterparty account', mono(t.counterparty_account_number)],
    ['Counterparty name', t.counterparty_name],
    ['Transfer type', t.transfer_type],
    ['Trade date', formatDate(t.trade_date)],
    ['Settlement date', formatDate(t.settlement_date)],
    [
      'Cancellation requested',
      t.cancellation_requested_at ? <Time key="cr" value={t.cancellation_requested_at} /> : null,
    ],
    ['Cancel reason', t.cancel_reason_code],
    ['Created', <Time key="c" value={t.created_at} />],
    ['Updated', <Time key="u" value={t.updated_at} />],
  ] as const;
}

function Children({ items }: { items: AccountDetail['children'] }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="children-table">
        <thead>
          <tr>
            <th>#</th>
            <th>ISIN</th>
            <th>Status</th>
            <th className="num">Quantity</th>
            <th className="num">Settled</th>
            <th className="num">Reserved</th>
            <th>Deadline</th>
          </tr>
        </thead>
        <tbody>
          {items.map((child) => (
            <RowLink
              key={child.id}
              to={paths.transfer('SECURITIES', child.id)}
              label={`Securities transfer ${child.instrument_id}, ${child.status}`}
            >
              <td className="muted">{(child.position_in_parent ?? 0) + 1}</td>
              <td className="mono">{child.instrument_id}</td>
              <td>
                <StatusBadge status={child.status} />
              </td>
              <td className="num mono">{formatQuantity(child.quantity)}</td>
              <td className="num mono">{formatQuantity(child.quantity_settled)}</td>
              <td className="num mono">{formatQuantity(child.reserved_quantity)}</td>
              <td>
                {child.deadline.flag === 'DONE' ? (
                  <span className="muted">closed</span>
                ) : (
                  <DeadlineBadge flag={child.deadline.flag} daysLeft={child.deadline.days_left} />
                )}
              </td>
            </RowLink>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AccountTransferPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.admin.transfers.account.queryOptions({ id }, { refetchInterval: POLL_MS }));
  if (detail.isPending) return <Loading label="Loading the account transfer…" />;
  if (detail.isError && !detail.data)
    return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  const d = detail.data;
  const t = d.transfer;
  return (
    <>
      <TransferHeader
        title="Account transfer"
        id={t.id}
        status={t.status}
        direction={t.direction}
        tenantName={d.tenant.name}
        deadline={d.deadline}
        updatedAt={detail.dataUpdatedAt}
        fetching={detail.isFetching}
      />
      {detail.isError && <ErrorState error={detail.error} />}
      <DetailLayout
        before={
          <section className="card">
            <h2>Securities transfers ({d.children.length})</h2>
            <p className="muted small">
              The account transfer's status is derived from these; settle or reject each one on its own page.
            </p>
            <Children items={d.children} />
          </section>
        }
        fields={fieldsOf(d)}
        events={d.events}
        attempts={d.attempts}
        target={{ kind: 'ACCOUNT', id: t.id }}
        history={d.history}
        actions={
          <OperatorActions
            target={{
              kind: 'ACCOUNT',
              id: t.id,
              updatedAt: t.updated_at,
              status: t.status,
              today: d.today,
              actions: d.actions,
            }}
          />
        }
      />
    </>
  );
}
