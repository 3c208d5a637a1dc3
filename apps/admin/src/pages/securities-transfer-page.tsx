import { useQuery } from '@tanstack/react-query';
import type { SecuritiesDetail } from '../api-types.js';
import { ErrorState, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { formatDate, formatDaysLeft, formatQuantity } from '../lib/format.js';
import { Link } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';
import { DetailLayout } from './detail/detail-layout.js';
import { OperatorActions } from './detail/operator-actions.js';
import { TransferHeader } from './detail/transfer-header.js';
import { WhyStuck } from './detail/why-stuck.js';
import { POLL_MS } from './transfers/transfers-page.js';

function fieldsOf(d: SecuritiesDetail) {
  const t = d.transfer;
  const mono = (v: string | null) => (v ? <span className="mono">{v}</span> : null);
  return [
    [
      'Instrument',
      <span key="i">
        <span className="mono">{t.instrument_id}</span>{' '}
        {d.instrument_name && <span className="muted">{d.instrument_name}</span>}
      </span>,
    ],
    [
      'Quantity',
      <span key="q" className="mono">
        {formatQuantity(t.quantity)}
      </span>,
    ],
    [
      'Settled',
      <span key="s" className="mono">
        {formatQuantity(t.quantity_settled)}
      </span>,
    ],
    [
      'Reserved',
      <span key="r" className="mono">
        {formatQuantity(t.reserved_quantity)}
      </span>,
    ],
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
    ['Place of settlement', mono(t.place_of_settlement)],
    ['Transfer type', t.transfer_type],
    ['Trade date', formatDate(t.trade_date)],
    ['Settlement date', formatDate(t.settlement_date)],
    ['Actual settlement date', t.actual_settlement_date ? formatDate(t.actual_settlement_date) : null],
    [
      'Due date',
      t.due_date
        ? `${formatDate(t.due_date)} (${t.direction === 'OUTGOING' ? '3-week limit' : '30-day expiry'})`
        : null,
    ],
    [
      'Deadline',
      d.deadline.flag === 'DONE'
        ? 'closed'
        : `${d.deadline.flag.replace('_', ' ').toLowerCase()} · ${formatDaysLeft(d.deadline.days_left)}`,
    ],
    ['Custodian reference', mono(t.custodian_reference)],
    ['Instructed at', t.instructed_at ? <Time key="ia" value={t.instructed_at} /> : null],
    [
      'Cancellation requested',
      t.cancellation_requested_at ? <Time key="cr" value={t.cancellation_requested_at} /> : null,
    ],
    [
      'Cancellation forwarded',
      t.cancellation_forwarded_at ? <Time key="cf" value={t.cancellation_forwarded_at} /> : null,
    ],
    [
      'Cancellation denied',
      t.cancellation_denied_at ? <Time key="cd" value={t.cancellation_denied_at} /> : null,
    ],
    [
      'Custodian status',
      t.custodian_status ? (
        <span key="cs">
          <span className="mono">{t.custodian_status}</span>
          {t.custodian_reason_code && <span className="mono"> {t.custodian_reason_code}</span>}
          {t.custodian_reason_text && <span> – {t.custodian_reason_text}</span>}
          <span className="muted small">
            {' '}
            (<Time value={t.custodian_status_at} />)
          </span>
        </span>
      ) : null,
    ],
    [
      'Custodian exceptions',
      d.exceptions.length > 0 ? (
        <Link key="ex" to={paths.exceptions()}>
          {d.exceptions.filter((e) => e.resolved_at === null).length} open, {d.exceptions.length} in all
        </Link>
      ) : null,
    ],
    [
      'Cancel reason',
      t.cancel_reason_code
        ? `${t.cancel_reason_code}${t.cancel_reason_text ? ` – ${t.cancel_reason_text}` : ''}`
        : null,
    ],
    [
      'Worker lease',
      t.lease_owner ? (
        <span key="wl">
          {t.lease_owner} until <Time value={t.lease_expires_at} />
        </span>
      ) : null,
    ],
    [
      'Worker failures',
      t.work_attempts > 0
        ? `${t.work_attempts} failed attempt(s) – last: ${t.work_error ?? 'unknown'}`
        : null,
    ],
    [
      'Parked',
      t.parked_at ? (
        <span key="pk">
          <Time value={t.parked_at} /> – not claimed again until an operator retries it
        </span>
      ) : null,
    ],
    ['Created', <Time key="c" value={t.created_at} />],
    ['Updated', <Time key="u" value={t.updated_at} />],
  ] as const;
}

export function SecuritiesTransferPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.admin.transfers.securities.queryOptions({ id }, { refetchInterval: POLL_MS }));
  if (detail.isPending) return <Loading label="Loading the transfer…" />;
  if (detail.isError && !detail.data)
    return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  const d = detail.data;
  const t = d.transfer;
  return (
    <>
      <TransferHeader
        title="Securities transfer"
        id={t.id}
        status={t.status}
        direction={t.direction}
        tenantName={d.tenant.name}
        deadline={d.deadline}
        updatedAt={detail.dataUpdatedAt}
        fetching={detail.isFetching}
        extra={
          d.parent && (
            <Link to={paths.transfer('ACCOUNT', d.parent.id)} className="small">
              part of account transfer ({d.parent.status.toLowerCase()}) →
            </Link>
          )
        }
      />
      {detail.isError && <ErrorState error={detail.error} />}
      <WhyStuck detail={d} />
      <DetailLayout
        fields={fieldsOf(d)}
        events={d.events}
        attempts={d.attempts}
        target={{ kind: 'SECURITIES', id: t.id }}
        history={d.history}
        actions={
          <OperatorActions
            target={{
              kind: 'SECURITIES',
              id: t.id,
              updatedAt: t.updated_at,
              status: t.status,
              remaining: d.remaining_quantity,
              today: d.today,
              actions: d.actions,
            }}
          />
        }
      />
    </>
  );
}
