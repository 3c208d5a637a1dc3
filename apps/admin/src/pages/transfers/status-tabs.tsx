// The statuses known today, in lifecycle order. The list grows (see the
// contracts package): a status the console does not know still gets a tab
// from the counts, so nothing is hidden. Not imported from @tbo/contracts to
// keep zod out of the browser bundle.
const SECURITIES_TRANSFER_STATUSES = ['NEW', 'PROCESSING', 'SETTLED', 'CANCELLED'];
const ACCOUNT_TRANSFER_STATUSES = ['NEW', 'PROCESSING', 'SETTLED', 'PARTIALLY_SETTLED', 'CANCELLED'];

/**
 * "All" plus one tab per status with its count; statuses the console does not
 * know yet still appear. Counts come from the api's counters, which only
 * answer for tenant and direction filters: under other filters (null) the
 * tabs show no numbers rather than wrong ones.
 */
export function StatusTabs(props: {
  kind: 'SECURITIES' | 'ACCOUNT';
  counts: Record<string, number> | null | undefined;
  selected: string;
  onSelect: (status: string) => void;
}) {
  const { kind, selected, onSelect } = props;
  const counted = props.counts !== null && props.counts !== undefined;
  const counts = props.counts ?? {};
  const known: readonly string[] =
    kind === 'SECURITIES' ? SECURITIES_TRANSFER_STATUSES : ACCOUNT_TRANSFER_STATUSES;
  const statuses = [...known, ...Object.keys(counts).filter((s) => !known.includes(s))];
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const tabs = [
    { status: '', label: 'All', count: total },
    ...statuses.map((s) => ({ status: s, label: s, count: counts[s] ?? 0 })),
  ];
  return (
    <div className="tabs" role="tablist" aria-label="Status">
      {tabs.map((tab) => (
        <button
          key={tab.status || 'all'}
          type="button"
          role="tab"
          aria-selected={selected === tab.status}
          className={`tab${selected === tab.status ? ' tab-active' : ''}`}
          onClick={() => onSelect(tab.status)}
          data-testid={`status-tab-${tab.status || 'ALL'}`}
        >
          {tab.label.replace(/_/g, ' ').toLowerCase()}
          {counted && <span className="tab-count">{tab.count.toLocaleString('en-US')}</span>}
        </button>
      ))}
    </div>
  );
}
