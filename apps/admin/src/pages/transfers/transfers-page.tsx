import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { TransferRow } from '../../api-types.js';
import { PageHeader } from '../../components/layout.js';
import { Pagination } from '../../components/pagination.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../../components/states.js';
import {
  exportHref,
  parseFilters,
  serializeFilters,
  type TransferFilters,
  toListInput,
  withFilter,
} from '../../lib/filters.js';
import { navigate } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';
import { BulkActions } from './bulk-actions.js';
import { FilterBar } from './filter-bar.js';
import { HealthPanel } from './health-panel.js';
import { SearchBox } from './search-box.js';
import { SearchResults } from './search-results.js';
import { StatusTabs } from './status-tabs.js';
import { TransfersTable } from './transfers-table.js';

export const POLL_MS = 5_000;

/**
 * Every transfer across tenants; the URL holds the filters and the page
 * cursor, the table refreshes itself. `?q=` shows the search box's matches.
 */
export function TransfersPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const filters = useMemo(() => parseFilters(search), [search]);
  const q = useMemo(() => (new URLSearchParams(search).get('q') ?? '').trim().slice(0, 140), [search]);
  const [selected, setSelected] = useState<Map<string, TransferRow>>(new Map());
  const list = useQuery(
    trpc.admin.transfers.list.queryOptions(toListInput(filters), {
      refetchInterval: POLL_MS,
      placeholderData: keepPreviousData,
      enabled: q === '',
    }),
  );
  const go = (next: TransferFilters, replace = false) => {
    setSelected(new Map());
    navigate(paths.transfers(serializeFilters(next)), { replace });
  };
  const change = (patch: Partial<TransferFilters>) => go(withFilter(filters, patch));
  const onSearch = (term: string) =>
    navigate(
      paths.transfers(term === '' ? serializeFilters(filters) : `?${new URLSearchParams({ q: term })}`),
    );
  const toggle = (row: TransferRow) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row);
      return next;
    });
  const toggleAll = (all: boolean) =>
    setSelected(all ? new Map((list.data?.rows ?? []).map((r) => [r.id, r])) : new Map());

  return (
    <>
      <PageHeader
        title="Transfers"
        subtitle="All tenants. Filters live in the address bar, so a view can be shared."
        actions={
          <>
            <SearchBox value={q} onSearch={onSearch} />
            {q === '' && (
              <a className="button button-small" href={exportHref(filters)} download data-testid="export-csv">
                Export CSV
              </a>
            )}
            <LiveIndicator updatedAt={list.dataUpdatedAt} fetching={list.isFetching} />
          </>
        }
      />
      <HealthPanel />
      {q !== '' ? (
        <SearchResults q={q} />
      ) : (
        <>
          <FilterBar filters={filters} onChange={change} />
          <StatusTabs
            kind={filters.kind}
            counts={list.data?.counts_by_status}
            selected={filters.status}
            onSelect={(status) => change({ status })}
          />
          <BulkActions
            kind={filters.kind}
            selected={[...selected.values()]}
            onDone={() => setSelected(new Map())}
          />
          {list.isPending ? (
            <Loading label="Loading transfers…" />
          ) : list.isError && !list.data ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : (
            <>
              {list.isError && <ErrorState error={list.error} />}
              {list.data.rows.length === 0 ? (
                <EmptyState title="No transfers match these filters.">
                  {list.data.scanned_to === null
                    ? 'Clients create transfers through the API; change or clear the filters to see more.'
                    : 'None on this stretch of the list; keep looking further back below.'}
                </EmptyState>
              ) : (
                <TransfersTable
                  rows={list.data.rows}
                  filters={filters}
                  onSort={(sort, order) => change({ sort, order })}
                  selected={new Set(selected.keys())}
                  onToggle={toggle}
                  onToggleAll={toggleAll}
                />
              )}
              <Pagination
                shown={list.data.rows.length}
                total={list.data.total}
                nextCursor={list.data.next_cursor}
                prevCursor={list.data.prev_cursor}
                scannedTo={list.data.scanned_to}
                onPage={(page) => go({ ...filters, after: page.after ?? '', before: page.before ?? '' })}
              />
            </>
          )}
        </>
      )}
    </>
  );
}
