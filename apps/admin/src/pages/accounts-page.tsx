import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { PageHeader } from '../components/layout.js';
import { Pagination } from '../components/pagination.js';
import { RowLink } from '../components/row-link.js';
import { EmptyState, ErrorState, Loading } from '../components/states.js';
import { usePageCursor } from '../components/use-page-cursor.js';
import { navigate } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useTRPC } from '../trpc.js';

/** Find an account by id, user id or name, across tenants. */
export function AccountsPage({ search }: { search: string }) {
  const trpc = useTRPC();
  const q = new URLSearchParams(search).get('q') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const [page, setPage] = usePageCursor(q);
  const results = useQuery(
    trpc.admin.accounts.search.queryOptions({ q, ...page }, { placeholderData: keepPreviousData }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    navigate(paths.accounts(text ? `?${new URLSearchParams({ q: text })}` : ''));
  };
  return (
    <>
      <PageHeader
        title="Accounts and positions"
        subtitle="Look up an account: its positions, reserved units and transfers."
      />
      <form className="search" onSubmit={submit} aria-label="Account search">
        <input
          name="q"
          aria-label="Account id, user id or name"
          placeholder="Account id, user id or name"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      {results.isPending ? (
        <Loading label="Searching…" />
      ) : results.isError && !results.data ? (
        <ErrorState error={results.error} onRetry={() => results.refetch()} />
      ) : results.data.rows.length === 0 && !page.after && !page.before ? (
        <EmptyState title="No account matches.">Try the full account or user id.</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="accounts-table">
              <thead>
                <tr>
                  <th>Account</th>
                  <th>Status</th>
                  <th>Tenant</th>
                  <th>User</th>
                  <th>Account id</th>
                </tr>
              </thead>
              <tbody>
                {results.data.rows.map((a) => (
                  <RowLink key={a.id} to={paths.account(a.id)} label={`Account ${a.name}`}>
                    <td className="strong">{a.name}</td>
                    <td>
                      <span className={`badge account-${a.status.toLowerCase()}`}>{a.status}</span>
                    </td>
                    <td>{a.tenant_name}</td>
                    <td>{a.user_name ?? a.user_id}</td>
                    <td className="mono small">{a.id}</td>
                  </RowLink>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            shown={results.data.rows.length}
            total={null}
            nextCursor={results.data.next_cursor}
            prevCursor={results.data.prev_cursor}
            scannedTo={null}
            onPage={setPage}
          />
        </>
      )}
    </>
  );
}
