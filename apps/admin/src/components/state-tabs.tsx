/** Tabs over a small set of states (open/resolved, failing/delivered…). */
export function StateTabs<T extends string>(props: {
  label: string;
  options: readonly { value: T; label: string }[];
  selected: T;
  onSelect: (value: T) => void;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {props.options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="tab"
          aria-selected={props.selected === option.value}
          className={`tab${props.selected === option.value ? ' tab-active' : ''}`}
          onClick={() => props.onSelect(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** The `state` query parameter when it is one of `values`, else the first value. */
export function stateFromSearch<T extends string>(search: string, values: readonly T[], fallback: T): T {
  const raw = new URLSearchParams(search).get('state');
  return values.find((v) => v === raw) ?? fallback;
}
