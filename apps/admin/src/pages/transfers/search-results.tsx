import { useQuery } from '@tanstack/react-query';
import type { TransferRow } from '../../api-types.js';
import { DirectionLabel, StatusBadge } from '../../components/badges.js';
import { RowLink } from '../../components/row-link.js';
import { EmptyState, ErrorState, Loading } from '../../components/states.js';
import { DEFAULT_FILTERS, serializeFilters, type TransferFilters } from '../../lib/filters.js';
import { formatDateTime } from '../../lib/format.js';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';

const FIELD_LABELS: Record<string, string> = {
  id: 'id',
  custodian_reference: 'custodian reference',
  settlement_reference: 'settlement reference',
  counterparty_bic: 'counterparty BIC',
  counterparty_name: 'counterparty name',
  user_id: 'user',
  account_id: 'account',
  isin: 'ISIN',
};

/** The full, paged list behind a match that may have more than the search shows. */
function listFor(field: string, hit: TransferRow): Partial<TransferFilters> | undefined {
  if (field === 'user_id') return { user: hit.user_id };
  if (field === 'account_id') return { account: hit.account_id };
  if (field === 'isin') return { isin: hit.instruments[0] ?? '' };
  if (field === 'counterparty_bic') return { bic: hit.counterparty_bic };
  return undefined;
}

export function SearchResults({ q }: { q: string }) {
  const trpc = useTRPC();
  const found = useQuery(trpc.admin.transfers.find.queryOptions({ q }));
  if (found.isPending) return <Loading label="Searching…" />;
  if (found.isError) return <ErrorState error={found.error} onRetry={() => found.refetch()} />;
  const { hits, truncated } = found.data;
  if (hits.length === 0) {
    return (
      <EmptyState title={`No transfer matches “${q}”.`}>
        Check the term, or use the filters below it.
      </EmptyState>
    );
  }
  const first = hits[0];
  const wider = first ? first.matched.map((m) => listFor(m, first)).find((f) => f !== undefined) : undefined;
  return (
    <>
      <p className="muted small" role="status" data-testid="search-summary">
        {hits.length} match{hits.length === 1 ? '' : 'es'}
        {truncated && ' – more match than shown; narrow the term'}
        {truncated && wider && (
          <>
            {' or '}
            <Link
              to={paths.transfers(
                serializeFilters({ ...DEFAULT_FILTERS, kind: first?.kind ?? 'SECURITIES', ...wider }),
              )}
            >
              open them as a list
            </Link>
          </>
        )}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="search-results">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Matched</th>
              <th>Created</th>
              <th>Tenant</th>
              <th>Dir.</th>
              <th>Status</th>
              <th>Settlement ref.</th>
              <th>Custodian ref.</th>
              <th>Counterparty</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((hit) => (
              <RowLink
                key={`${hit.kind}:${hit.id}`}
                to={paths.transfer(hit.kind, hit.id)}
                label={`${hit.kind === 'SECURITIES' ? 'Securities' : 'Account'} transfer ${hit.id}, ${hit.status}`}
              >
                <td>{hit.kind === 'SECURITIES' ? 'securities' : 'account'}</td>
                <td className="small">{hit.matched.map((m) => FIELD_LABELS[m] ?? m).join(', ')}</td>
                <td className="nowrap">{formatDateTime(hit.created_at)}</td>
                <td className="nowrap">{hit.tenant_name}</td>
                <td>
                  <DirectionLabel direction={hit.direction} />
                </td>
                <td>
                  <StatusBadge status={hit.status} />
                </td>
                <td className="mono">{hit.settlement_reference}</td>
                <td className="mono">{hit.custodian_reference ?? '—'}</td>
                <td>
                  <span className="mono">{hit.counterparty_bic}</span>
                  {hit.counterparty_name && <span className="muted"> {hit.counterparty_name}</span>}
                </td>
              </RowLink>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
