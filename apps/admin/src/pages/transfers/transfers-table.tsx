import type { TransferRow } from '../../api-types.js';
import { DeadlineBadge, DirectionLabel, StatusBadge } from '../../components/badges.js';
import { RowLink } from '../../components/row-link.js';
import { Time } from '../../components/time.js';
import type { TransferFilters } from '../../lib/filters.js';
import { formatAge, formatDate, formatDateTime, formatDaysLeft, formatQuantity } from '../../lib/format.js';
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

/** Pending cancellation, open custodian exceptions, parked by the worker: what holds the transfer. */
function Flags({ row }: { row: TransferRow }) {
  return (
    <span className="flags">
      {row.cancellation_pending && (
        <span className="flag-chip" title="Cancellation requested, not yet confirmed by the custodian">
          cancel pending
        </span>
      )}
      {row.open_exceptions > 0 && (
        <span className="flag-chip flag-chip-bad" title="Custodian messages about it that were not booked">
          {row.open_exceptions} exception{row.open_exceptions === 1 ? '' : 's'}
        </span>
      )}
      {row.parked && (
        <span
          className="flag-chip flag-chip-bad"
          title={`Worker gave up: ${row.work_error ?? 'unknown error'}`}
        >
          parked
        </span>
      )}
      {row.status === 'CANCELLED' && row.cancel_reason_code && (
        <span className="muted small" title={row.cancel_reason_text ?? undefined}>
          {row.cancel_reason_code}
        </span>
      )}
    </span>
  );
}

function CustodianStatus({ row }: { row: TransferRow }) {
  if (!row.custodian_status) return <span className="muted">—</span>;
  const title = [
    row.custodian_reason_text,
    row.custodian_status_at && `since ${formatDateTime(row.custodian_status_at)}`,
  ]
    .filter(Boolean)
    .join(' – ');
  return (
    <span className="mono" title={title}>
      {row.custodian_status}
      {row.custodian_reason_code && <span className="muted"> {row.custodian_reason_code}</span>}
    </span>
  );
}

export function TransfersTable({
  rows,
  filters,
  onSort,
  selected,
  onToggle,
  onToggleAll,
}: {
  rows: TransferRow[];
  filters: TransferFilters;
  onSort: (sort: TransferFilters['sort'], order: TransferFilters['order']) => void;
  selected: ReadonlySet<string>;
  onToggle: (row: TransferRow) => void;
  onToggleAll: (all: boolean) => void;
}) {
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <div className="table-wrap table-scroll">
      <table className="table" data-testid="transfers-table">
        <thead>
          <tr>
            <th className="select-cell">
              <input
                type="checkbox"
                aria-label="Select every row on this page"
                checked={allSelected}
                onChange={(e) => onToggleAll(e.target.checked)}
              />
            </th>
            <SortHeader field="created_at" label="Created" filters={filters} onSort={onSort} />
            <SortHeader field="updated_at" label="Updated" filters={filters} onSort={onSort} />
            <th>Tenant</th>
            <th>Dir.</th>
            <th>Status</th>
            <th>{filters.kind === 'SECURITIES' ? 'ISIN' : 'Instruments'}</th>
            <th className="num">Quantity</th>
            <th>Settlement ref.</th>
            <th>Custodian</th>
            <th>Deadline</th>
            <th>Holds</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <RowLink
              key={row.id}
              to={paths.transfer(row.kind, row.id)}
              label={`${row.kind === 'SECURITIES' ? 'Securities' : 'Account'} transfer ${row.id}, ${row.status}`}
              className={
                row.deadline === 'OVERDUE'
                  ? 'flag-row-overdue'
                  : row.deadline === 'AT_RISK'
                    ? 'flag-row-at-risk'
                    : undefined
              }
            >
              <td className="select-cell">
                <input
                  type="checkbox"
                  aria-label={`Select ${row.settlement_reference}`}
                  checked={selected.has(row.id)}
                  onChange={() => onToggle(row)}
                />
              </td>
              <td className="nowrap">
                <Time value={row.created_at} />{' '}
                <span className="muted small" data-testid="age">
                  {formatAge(row.age_seconds)} old
                </span>
              </td>
              <td className="nowrap muted">
                <Time value={row.updated_at} />
              </td>
              <td className="nowrap">{row.tenant_name}</td>
              <td>
                <DirectionLabel direction={row.direction} />
              </td>
              <td className="nowrap">
                <StatusBadge status={row.status} />{' '}
                <span
                  className="muted small"
                  title={`since ${formatDateTime(row.status_since)}`}
                  data-testid="in-status"
                >
                  for {formatAge(row.status_age_seconds)}
                </span>
              </td>
              <td className="mono" title={`${row.instruments.join(', ')} · account ${row.account_id}`}>
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
              <td className="mono ellipsis" title={row.settlement_reference}>
                {row.settlement_reference}
              </td>
              <td data-testid="custodian-status">
                <CustodianStatus row={row} />
              </td>
              <td
                className="nowrap"
                title={
                  row.due_date
                    ? `due ${formatDate(row.due_date)} – ${formatDaysLeft(row.days_left)}`
                    : undefined
                }
              >
                {row.deadline === 'DONE' ? (
                  <span className="muted">—</span>
                ) : (
                  <DeadlineBadge flag={row.deadline} />
                )}
              </td>
              <td>
                <Flags row={row} />
              </td>
            </RowLink>
          ))}
        </tbody>
      </table>
    </div>
  );
}
