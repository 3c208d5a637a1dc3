import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { AuditAction } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { navigate } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';

interface AuditFilters {
  operator: string;
  action: string;
  /** UTC days, inclusive. */
  from: string;
  to: string;
  /** Cursors of the pages before this one (the way back). */
  after: string;
}

function filtersOf(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  return {
    operator: params.get('operator') ?? '',
    action: params.get('action') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    after: params.get('after') ?? '',
  };
}

function searchOf(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== '') params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every operator action, newest first; filters by operator, action and time, a page at a time. */
export function AuditPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const filters = filtersOf(search);
  const [draft, setDraft] = useState(filters);
  const ids = { operator: useId(), action: useId(), from: useId(), to: useId() };
  const facets = useQuery(trpc.admin.audit.facets.queryOptions());
  const page = useQuery(
    trpc.admin.audit.list.queryOptions(
      {
        ...(filters.operator ? { operator_id: filters.operator } : {}),
        ...(filters.action ? { action: filters.action as AuditAction } : {}),
        ...(DAY.test(filters.from) ? { from: `${filters.from}T00:00:00.000Z` } : {}),
        ...(DAY.test(filters.to) ? { to: `${filters.to}T23:59:59.999Z` } : {}),
        ...(filters.after ? { after: filters.after } : {}),
        limit: 50,
      },
      { refetchInterval: filters.after ? false : 10_000 },
    ),
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(paths.audit(searchOf({ ...draft, after: '' })));
  };
  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every action taken in the console, who took it and when (UTC)."
        actions={<LiveIndicator updatedAt={page.dataUpdatedAt} fetching={page.isFetching} />}
      />
      <form className="inline-form card" onSubmit={apply} aria-label="Audit filters">
        <label className="filter" htmlFor={ids.operator}>
          <span className="label">Operator</span>
          <select
            id={ids.operator}
            value={draft.operator}
            onChange={(e) => setDraft({ ...draft, operator: e.target.value })}
          >
            <option value="">any</option>
            {facets.data?.operators.map((o) => (
              <option key={o.id} value={o.id}>
                {o.email}
              </option>
            ))}
          </select>
        </label>
        <label className="filter" htmlFor={ids.action}>
          <span className="label">Action</span>
          <select
            id={ids.action}
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          >
            <option value="">any</option>
            {facets.data?.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="filter" htmlFor={ids.from}>
          <span className="label">From (UTC day)</span>
          <input
            id={ids.from}
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label className="filter" htmlFor={ids.to}>
          <span className="label">To (UTC day)</span>
          <input
            id={ids.to}
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <button type="submit" className="button button-primary">
          Apply
        </button>
      </form>
      {page.isPending ? (
        <Loading label="Loading the log…" />
      ) : page.isError && !page.data ? (
        <ErrorState error={page.error} onRetry={() => page.refetch()} />
      ) : page.data.rows.length === 0 ? (
        <EmptyState title="No actions match." />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="audit-table">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Operator</th>
                  <th>Action</th>
                  <th>Subject</th>
                  <th>Reason</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {page.data.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="nowrap">
                      <Time value={row.at} />
                    </td>
                    <td>
                      <span className="actor">{row.actor}</span>
                    </td>
                    <td className="mono">{row.action}</td>
                    <td className="mono small">
                      {row.subject_kind} {row.subject_id}
                    </td>
                    <td>{row.reason ?? <span className="muted">—</span>}</td>
                    <td className="mono small">{row.detail ? JSON.stringify(row.detail) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="button-row">
            {filters.after && (
              <button
                type="button"
                className="button"
                onClick={() => navigate(paths.audit(searchOf({ ...filters, after: '' })))}
              >
                Newest
              </button>
            )}
            {page.data.next && (
              <button
                type="button"
                className="button"
                onClick={() => navigate(paths.audit(searchOf({ ...filters, after: page.data.next ?? '' })))}
              >
                Older →
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
