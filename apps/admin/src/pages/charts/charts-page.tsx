import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/layout.js';
import { StateTabs } from '../../components/state-tabs.js';
import { ErrorState, LiveIndicator, Loading } from '../../components/states.js';
import { navigate } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';
import { AgeingChart, TimeToSettleChart, VolumesChart } from './charts-view.js';

const RANGES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
] as const;
type Range = (typeof RANGES)[number]['value'];
const REFRESH_MS = 60_000;

function rangeOf(search: string): Range {
  const raw = new URLSearchParams(search).get('days');
  return RANGES.find((r) => r.value === raw)?.value ?? '30';
}

/** Ageing, daily volumes and time to settle: what a table of thousands of rows cannot show at a glance. */
export default function ChartsPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const range = rangeOf(search);
  const charts = useQuery(
    trpc.admin.charts.queryOptions(
      { days: Number(range) },
      { refetchInterval: REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );
  return (
    <>
      <PageHeader
        title="Charts"
        subtitle="All tenants, securities transfers. Days are UTC days."
        actions={<LiveIndicator updatedAt={charts.dataUpdatedAt} fetching={charts.isFetching} />}
      />
      <StateTabs
        label="Period"
        options={RANGES}
        selected={range}
        onSelect={(next) => navigate(paths.charts(next === '30' ? '' : `?days=${next}`))}
      />
      {charts.isPending ? (
        <Loading label="Loading charts…" />
      ) : charts.isError && !charts.data ? (
        <ErrorState error={charts.error} onRetry={() => charts.refetch()} />
      ) : (
        <div className="charts-grid">
          <AgeingChart data={charts.data.ageing} />
          <TimeToSettleChart data={charts.data.time_to_settle} />
          <VolumesChart data={charts.data.daily_volumes} direction="INCOMING" />
          <VolumesChart data={charts.data.daily_volumes} direction="OUTGOING" />
        </div>
      )}
    </>
  );
}
