import { useQuery } from '@tanstack/react-query';
import { Time } from '../../components/time.js';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useTRPC } from '../../trpc.js';
import { describeApproval } from '../approvals-page.js';
import { POLL_MS } from '../transfers/transfers-page.js';

/** A manual settle or reject of this transfer that waits for a second operator. */
export function PendingApprovals({ transferId }: { transferId: string }) {
  const trpc = useTRPC();
  const pending = useQuery(
    trpc.admin.approvals.list.queryOptions(
      { state: 'PENDING', transfer_id: transferId },
      { refetchInterval: POLL_MS },
    ),
  );
  if (!pending.data || pending.data.rows.length === 0) return null;
  return (
    <div className="notice" data-testid="pending-approval">
      {pending.data.rows.map((a) => (
        <p key={a.id}>
          Waiting for approval: {describeApproval(a)}, asked by{' '}
          <span className="actor">{a.requested_by}</span> <Time value={a.requested_at} />.{' '}
          <Link to={paths.approvals()}>Open approvals →</Link>
        </p>
      ))}
    </div>
  );
}
