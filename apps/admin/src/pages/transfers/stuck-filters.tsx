import { DEADLINES, type TransferFilters } from '../../lib/filters.js';

const DEADLINE_LABELS: Record<(typeof DEADLINES)[number], string> = {
  OVERDUE: 'Overdue',
  AT_RISK: 'At risk',
  ON_TRACK: 'On track',
};

/** Why a transfer may be stuck: deadline, custodian status, pending cancellation, exceptions, parked. */
export function StuckFilters({
  filters,
  onChange,
  custodianDraft,
  onCustodianDraft,
}: {
  filters: TransferFilters;
  onChange: (patch: Partial<TransferFilters>) => void;
  custodianDraft: string;
  onCustodianDraft: (value: string) => void;
}) {
  if (filters.kind !== 'SECURITIES') return null;
  const toggles: { key: 'cancelling' | 'exception' | 'parked'; label: string }[] = [
    { key: 'cancelling', label: 'Cancellation pending' },
    { key: 'exception', label: 'Open exception' },
    { key: 'parked', label: 'Parked by the worker' },
  ];
  return (
    <>
      <label className="filter">
        <span className="label">Deadline</span>
        <select
          name="deadline"
          value={filters.deadline}
          onChange={(e) => onChange({ deadline: e.target.value as TransferFilters['deadline'] })}
        >
          <option value="">Any</option>
          {DEADLINES.map((d) => (
            <option key={d} value={d}>
              {DEADLINE_LABELS[d]}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="label">Custodian status</span>
        <input
          name="custodian"
          value={custodianDraft}
          placeholder="starts with, e.g. PEND"
          onChange={(e) => onCustodianDraft(e.target.value)}
        />
      </label>
      {toggles.map((t) => (
        <label key={t.key} className="filter filter-check">
          <input
            type="checkbox"
            name={t.key}
            checked={filters[t.key]}
            onChange={(e) => onChange({ [t.key]: e.target.checked })}
          />
          <span>{t.label}</span>
        </label>
      ))}
    </>
  );
}
