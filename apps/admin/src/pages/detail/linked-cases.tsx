import { useQuery } from '@tanstack/react-query';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';
import { POLL_MS } from '../transfers/transfers-page.js';

/** Exceptions and breaks an operator linked to this transfer as their explanation. */
export function LinkedCases({ transferId }: { transferId: string }) {
  const trpc = useTRPC();
  const cases = useQuery(
    trpc.admin.cases.ofTransfer.queryOptions({ transfer_id: transferId }, { refetchInterval: POLL_MS * 2 }),
  );
  if (!cases.data || cases.data.length === 0) return null;
  return (
    <p className="small" data-testid="linked-cases">
      Linked to{' '}
      {cases.data.map((c, index) => (
        <span key={`${c.kind}-${c.id}`}>
          {index > 0 && ', '}
          <Link to={c.kind === 'EXCEPTION' ? paths.exception(c.id) : paths.break(c.id)}>{c.label}</Link>
          {c.open ? ' (open)' : ' (resolved)'}
        </span>
      ))}
      .
    </p>
  );
}
