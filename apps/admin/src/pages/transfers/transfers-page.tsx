import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { PageHeader } from '../../components/layout.js';
import { Pagination } from '../../components/pagination.js';
import { EmptyState, ErrorState, LiveIndicator, Loading } from '../../components/states.js';
import {
  parseFilters,
  serializeFilters,
  type TransferFilters,
  toListInput,
  withFilter,
} from '../../lib/filters.js';
import { navigate } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';
import { FilterBar } from './filter-bar.js';
import { StatusTabs } from './status-tabs.js';
import { TransfersTable } from './transfers-table.js';

export const POLL_MS = 5_000;

/** Every transfer across tenants; the URL holds the filters, the table refreshes itself. */
export function TransfersPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const filters = useMemo(() => parseFilters(search), [search]);
  const list = useQuery(
    trpc.admin.transfers.list.queryOptions(toListInput(filters), {
      refetchInterval: POLL_MS,
      placeholderData: keepPreviousData,
    }),
  );
  const go = (next: TransferFilters, replace = false) =>
    navigate(paths.transfers(serializeFilters(next)), { replace });
  const change = (patch: Partial<TransferFilters>) => go(withFilter(filters, patch));

  return (
    <>
      <PageHeader
        title="Transfers"
        subtitle="All tenants. Filters live in the address bar, so a view can be shared."
        actions={<LiveIndicator updatedAt={list.dataUpdatedAt} fetching={list.isFetching} />}
      />
      <FilterBar filters={filters} onChange={change} />
      <StatusTabs
        kind={filters.kind}
        counts={list.data?.counts_by_status}
        selected={filters.status}
        onSelect={(status) => change({ status })}
      />
      {list.isPending ? (
        <Loading label="Loading transfers…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.rows.length === 0 ? (
        <EmptyState title="No transfers match these filters.">
          Clients create transfers through the API; change or clear the filters to see more.
        </EmptyState>
      ) : (
        <>
          {list.isError && <ErrorState error={list.error} />}
          <TransfersTable
            rows={list.data.rows}
            filters={filters}
            onSort={(sort, order) => change({ sort, order })}
          />
          <Pagination
            total={list.data.total}
            page={filters.page}
            size={filters.size}
            onPage={(page) => go({ ...filters, page })}
          />
        </>
      )}
    </>
  );
}
