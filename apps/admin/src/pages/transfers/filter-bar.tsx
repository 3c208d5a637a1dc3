import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { DEFAULT_FILTERS, type TransferFilters } from '../../lib/filters.js';
import { useTRPC } from '../../trpc.js';
import { StuckFilters } from './stuck-filters.js';

type TextKey = 'user' | 'account' | 'isin' | 'bic' | 'reference' | 'custodian';
const TEXT_FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'user', label: 'User id', placeholder: 'UUID' },
  { key: 'account', label: 'Account id', placeholder: 'UUID' },
  { key: 'isin', label: 'ISIN', placeholder: 'e.g. US0378331005' },
  { key: 'bic', label: 'Counterparty BIC', placeholder: 'e.g. DAKVDEFFXXX' },
  { key: 'reference', label: 'Settlement reference', placeholder: 'starts with…' },
];

/**
 * Choices (kind, tenant, direction, dates) apply at once; typed fields apply
 * on Enter or "Apply", so the URL does not change on every keystroke.
 */
export function FilterBar({
  filters,
  onChange,
}: {
  filters: TransferFilters;
  onChange: (patch: Partial<TransferFilters>) => void;
}) {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.admin.tenants.queryOptions(undefined, { staleTime: 60_000 }));
  const [draft, setDraft] = useState(() => pick(filters));
  useEffect(() => setDraft(pick(filters)), [filters]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };
  const active = Object.entries(filters).some(
    ([key, value]) =>
      !['after', 'before', 'size', 'sort', 'order', 'kind'].includes(key) && value !== '' && value !== false,
  );
  return (
    <form className="filters filters-one-grid" onSubmit={submit} aria-label="Filters">
      <fieldset className="segmented" aria-label="Kind">
        {(['SECURITIES', 'ACCOUNT'] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={filters.kind === kind}
            className={`segment${filters.kind === kind ? ' segment-active' : ''}`}
            onClick={() =>
              onChange({
                kind,
                status: '',
                deadline: '',
                custodian: '',
                cancelling: false,
                exception: false,
                parked: false,
              })
            }
          >
            {kind === 'SECURITIES' ? 'Securities transfers' : 'Account transfers'}
          </button>
        ))}
      </fieldset>
      <div className="filter-grid">
        <label className="filter">
          <span className="label">Tenant</span>
          <select value={filters.tenant} onChange={(e) => onChange({ tenant: e.target.value })} name="tenant">
            <option value="">All tenants</option>
            {tenants.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="label">Direction</span>
          <select
            value={filters.direction}
            name="direction"
            onChange={(e) => onChange({ direction: e.target.value as TransferFilters['direction'] })}
          >
            <option value="">Both</option>
            <option value="INCOMING">Incoming</option>
            <option value="OUTGOING">Outgoing</option>
          </select>
        </label>
        {TEXT_FIELDS.filter((field) => field.key !== 'custodian').map((field) => (
          <label key={field.key} className="filter">
            <span className="label">{field.label}</span>
            <input
              name={field.key}
              value={draft[field.key]}
              placeholder={field.placeholder}
              onChange={(e) => setDraft({ ...draft, [field.key]: e.target.value })}
            />
          </label>
        ))}
        <label className="filter">
          <span className="label">Created from</span>
          <input
            type="date"
            name="from"
            value={filters.from}
            onChange={(e) => onChange({ from: e.target.value })}
          />
        </label>
        <label className="filter">
          <span className="label">Created to</span>
          <input
            type="date"
            name="to"
            value={filters.to}
            onChange={(e) => onChange({ to: e.target.value })}
          />
        </label>
        <StuckFilters
          filters={filters}
          onChange={onChange}
          custodianDraft={draft.custodian}
          onCustodianDraft={(custodian) => setDraft({ ...draft, custodian })}
        />
        <div className="filter filter-buttons">
          <button type="submit" className="button button-primary">
            Apply
          </button>
          <button
            type="button"
            className="button"
            disabled={!active}
            onClick={() => onChange({ ...DEFAULT_FILTERS, kind: filters.kind })}
          >
            Clear
          </button>
        </div>
      </div>
    </form>
  );
}

function pick(f: TransferFilters): Record<TextKey, string> {
  return {
    user: f.user,
    account: f.account,
    isin: f.isin,
    bic: f.bic,
    reference: f.reference,
    custodian: f.custodian,
  };
}
