import type { TransferRow } from '../../api-types.js';
import { DirectionLabel, StatusBadge } from '../../components/badges.js';
import { RowLink } from '../../components/row-link.js';
import { Time } from '../../components/time.js';
import type { TransferFilters } from '../../lib/filters.js';
import { formatDate, formatQuantity, shortId } from '../../lib/format.js';
import { paths } from '../../router/routes.js';

function SortHeader(props: {
  field: TransferFilters['sort'];
  label: string;
  filters: TransferFilters;
  onSort: (sort: TransferFilters['sort'], order: TransferFilters['order']) => void;
}) {
  const { field, label, filters, onSort } = props;
  const active = filters.sort === field;
  const next = active && filters.order === 'DESC' ? 'ASC' : 'DESC';
  return (
    <th aria-sort={active ? (filters.order === 'ASC' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(field, next)}>
        {label}
        <span aria-hidden="true">{active ? (filters.order === 'ASC' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}

function instrumentsOf(row: TransferRow): string {
  if (row.kind === 'SECURITIES') return row.instruments[0] ?? '';
  const [first, ...rest] = row.instruments;
  return rest.length === 0 ? (first ?? '') : `${first} +${rest.length}`;
}

export function TransfersTable({
  rows,
  filters,
  onSort,
}: {
  rows: TransferRow[];
  filters: TransferFilters;
  onSort: (sort: TransferFilters['sort'], order: TransferFilters['order']) => void;
}) {
  return (
    <div className="table-wrap table-scroll">
      <table className="table" data-testid="transfers-table">
        <thead>
          <tr>
            <SortHeader field="created_at" label="Created" filters={filters} onSort={onSort} />
            <SortHeader field="updated_at" label="Updated" filters={filters} onSort={onSort} />
            <th>Tenant</th>
            <th>Dir.</th>
            <th>Status</th>
            <th>{filters.kind === 'SECURITIES' ? 'ISIN' : 'Instruments'}</th>
            <th className="num">Quantity</th>
            <th>Account</th>
            <th>Settlement ref.</th>
            <th>Due</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <RowLink
              key={row.id}
              to={paths.transfer(row.kind, row.id)}
              label={`${row.kind === 'SECURITIES' ? 'Securities' : 'Account'} transfer ${row.id}, ${row.status}`}
            >
              <td className="nowrap">
                <Time value={row.created_at} />
              </td>
              <td className="nowrap muted">
                <Time value={row.updated_at} />
              </td>
              <td className="nowrap">{row.tenant_name}</td>
              <td>
                <DirectionLabel direction={row.direction} />
              </td>
              <td>
                <StatusBadge status={row.status} />
                {row.cancellation_requested && row.status === 'PROCESSING' && (
                  <span className="hint" title="Cancellation requested at the custodian">
                    {' '}
                    ⨯ req.
                  </span>
                )}
              </td>
              <td className="mono" title={row.instruments.join(', ')}>
                {instrumentsOf(row)}
              </td>
              <td className="num mono">
                {row.quantity === null ? (
                  <span className="muted">{row.instruments.length} pos.</span>
                ) : (
                  <>
                    {formatQuantity(row.quantity)}
                    {row.quantity_settled &&
                      row.quantity_settled !== '0' &&
                      row.quantity_settled !== row.quantity && (
                        <span className="muted"> ({formatQuantity(row.quantity_settled)} settled)</span>
                      )}
                  </>
                )}
              </td>
              <td className="mono" title={row.account_id}>
                {shortId(row.account_id)}
              </td>
              <td className="mono ellipsis" title={row.settlement_reference}>
                {row.settlement_reference}
              </td>
              <td className="nowrap">{formatDate(row.due_date)}</td>
            </RowLink>
          ))}
        </tbody>
      </table>
    </div>
  );
}
