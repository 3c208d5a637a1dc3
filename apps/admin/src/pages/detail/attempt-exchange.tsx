import { useQuery } from '@tanstack/react-query';
import { ErrorState, Loading } from '../../components/states.js';
import { useTRPC } from '../../trpc.js';

function Headers({ headers }: { headers: Record<string, string> | null }) {
  if (!headers || Object.keys(headers).length === 0) return <p className="muted small">No headers kept.</p>;
  return (
    <dl className="headers mono small">
      {Object.entries(headers).map(([name, value]) => (
        <div key={name}>
          <dt>{name}:</dt> <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Body({ body, truncated, limit }: { body: string | null; truncated: boolean; limit: string }) {
  if (body === null) return <p className="muted small">Not kept (recorded before bodies were kept).</p>;
  return (
    <>
      <pre className="raw-message exchange-body">{body === '' ? '(empty)' : body}</pre>
      {truncated && <p className="muted small">Truncated: only the first {limit} are kept.</p>}
    </>
  );
}

/** One attempt's request as sent and the response as answered (bounded), fetched when opened. */
export function AttemptExchange({ id }: { id: number }) {
  const trpc = useTRPC();
  const exchange = useQuery(trpc.admin.webhooks.attempt.queryOptions({ id }));
  if (exchange.isPending) return <Loading label="Loading the exchange…" />;
  if (exchange.isError) return <ErrorState error={exchange.error} onRetry={() => exchange.refetch()} />;
  const { request, response } = exchange.data;
  return (
    <div className="exchange" data-testid={`exchange-${id}`}>
      <div>
        <h4>Request</h4>
        <Headers headers={request.headers} />
        <Body body={request.body} truncated={request.body_truncated} limit="64 KiB" />
      </div>
      <div>
        <h4>Response</h4>
        {response === null ? (
          <p className="muted small">No response: {exchange.data.error ?? 'none kept'}.</p>
        ) : (
          <>
            <Headers headers={response.headers} />
            <Body body={response.body} truncated={response.body_truncated} limit="4 KiB" />
          </>
        )}
      </div>
    </div>
  );
}
