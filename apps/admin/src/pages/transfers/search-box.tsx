import { type FormEvent, useEffect, useState } from 'react';

/**
 * One box for any transfer: its id, custodian or settlement reference,
 * counterparty BIC or name, user or account id, or ISIN.
 */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };
  return (
    <search>
      <form className="search" onSubmit={submit}>
        <input
          name="q"
          type="search"
          aria-label="Search transfers"
          placeholder="Find a transfer: id, custodian or settlement reference, BIC, counterparty, user, account, ISIN"
          value={draft}
          maxLength={140}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={draft.trim().length < 2}>
          Search
        </button>
        {value !== '' && (
          <button type="button" className="button" onClick={() => onSearch('')}>
            Clear search
          </button>
        )}
      </form>
    </search>
  );
}
