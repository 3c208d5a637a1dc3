import { useQuery } from '@tanstack/react-query';
import { FieldList } from '../../components/field-list.js';
import { PageHeader } from '../../components/layout.js';
import { ErrorState, LiveIndicator, Loading } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { formatQuantity } from '../../lib/format.js';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';
import { POLL_MS } from '../transfers/transfers-page.js';
import { CaseWork } from './case-work.js';

/** One custodian exception: what the message said, and the work on it. */
export function ExceptionCasePage({ id }: { id: string }) {
  const trpc = useTRPC();
  const found = useQuery(trpc.admin.cases.exception.queryOptions({ id }, { refetchInterval: POLL_MS * 2 }));
  if (found.isPending) return <Loading label="Loading the exception…" />;
  if (found.isError && !found.data) return <ErrorState error={found.error} onRetry={() => found.refetch()} />;
  const { item, comments, links } = found.data;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.exceptions()}>Exceptions</Link> <span aria-hidden="true">/</span> {item.reason_code}
      </nav>
      <PageHeader
        title={`Exception ${item.reason_code}`}
        subtitle={item.detail}
        actions={<LiveIndicator updatedAt={found.dataUpdatedAt} fetching={found.isFetching} />}
      />
      <section className="card">
        <FieldList
          fields={[
            ['Message', `${item.message_type ?? 'message'} ${item.message_reference ?? ''}`],
            ['Related reference', item.related_reference],
            ['Received', <Time key="t" value={item.received_at} />],
            ['Source', item.source],
            [
              'Names transfer',
              item.transfer_id ? (
                <Link key="t" to={paths.transfer('SECURITIES', item.transfer_id)}>
                  {item.transfer_id}
                </Link>
              ) : null,
            ],
            ['Tenant', item.tenant_name],
          ]}
        />
        <details>
          <summary className="small">Raw message</summary>
          <pre className="raw-message" data-testid="raw-message">
            {item.raw_message ?? '(not kept)'}
          </pre>
        </details>
      </section>
      <CaseWork
        resolveHint={`${item.reason_code}: nothing is booked by resolving it. Say what was done about the message (asked the custodian, booked by hand, returned the units…).`}
        state={{
          kind: 'EXCEPTION',
          id: item.id,
          acknowledgedAt: item.acknowledged_at,
          acknowledgedBy: item.acknowledged_by,
          resolvedAt: item.resolved_at,
          resolvedBy: item.resolved_by,
          resolution: item.resolution,
          comments,
          links,
        }}
      />
    </>
  );
}

/** One reconciliation break: ours against the custodian's statement, and the work on it. */
export function BreakCasePage({ id }: { id: string }) {
  const trpc = useTRPC();
  const found = useQuery(trpc.admin.cases.break.queryOptions({ id }, { refetchInterval: POLL_MS * 2 }));
  if (found.isPending) return <Loading label="Loading the break…" />;
  if (found.isError && !found.data) return <ErrorState error={found.error} onRetry={() => found.refetch()} />;
  const { item, comments, links } = found.data;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.breaks()}>Reconciliation</Link> <span aria-hidden="true">/</span> {item.isin}
      </nav>
      <PageHeader
        title={`Break ${item.isin}`}
        subtitle={`${item.account_name ?? item.account_id} · ${item.tenant_name ?? item.tenant_id}`}
        actions={<LiveIndicator updatedAt={found.dataUpdatedAt} fetching={found.isFetching} />}
      />
      <section className="card">
        <FieldList
          fields={[
            [
              'Account',
              <Link key="a" to={paths.account(item.account_id)}>
                {item.account_name ?? item.account_id}
              </Link>,
            ],
            [
              'Ours',
              <span key="o" className="mono">
                {formatQuantity(item.ours)}
              </span>,
            ],
            [
              'Custodian',
              <span key="c" className="mono">
                {formatQuantity(item.theirs)}
              </span>,
            ],
            [
              'Difference',
              <strong key="d" className="mono">
                {formatQuantity(item.difference)}
              </strong>,
            ],
            ['Statement', item.statement_reference],
            ['First seen', <Time key="t" value={item.first_seen_at} />],
            ['Last seen', <Time key="t" value={item.last_seen_at} />],
          ]}
        />
      </section>
      <CaseWork
        resolveHint="Say why the books and the statement differ and what was done (a correction booked, the custodian corrects its statement…). A later statement that still differs opens a new break."
        state={{
          kind: 'BREAK',
          id: item.id,
          acknowledgedAt: item.acknowledged_at,
          acknowledgedBy: item.acknowledged_by,
          resolvedAt: item.resolved_at,
          resolvedBy: item.resolved_by,
          resolution: item.resolution,
          comments,
          links,
        }}
      />
    </>
  );
}
