import type { ReactNode } from 'react';

export type Field = readonly [label: string, value: ReactNode];

/** A two-column list of labelled values; empty values show a dash. */
export function FieldList({ fields }: { fields: readonly Field[] }) {
  return (
    <dl className="fields">
      {fields.map(([label, value]) => (
        <div key={label} className="field">
          <dt>{label}</dt>
          <dd>
            {value === null || value === undefined || value === '' ? <span className="muted">—</span> : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
