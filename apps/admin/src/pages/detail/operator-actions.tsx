import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ReasonDialog } from '../../components/reason-dialog.js';
import { formatQuantity } from '../../lib/format.js';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useSession } from '../../session/session-context.js';
import { useTRPC } from '../../trpc.js';
import { LinkedCases } from './linked-cases.js';
import { PendingApprovals } from './pending-approvals.js';

export interface ActionTarget {
  kind: 'SECURITIES' | 'ACCOUNT';
  id: string;
  updatedAt: string;
  status: string;
  /** Units left to settle (securities transfers). */
  remaining?: string;
  today: string;
  actions: { cancel: boolean; settle: boolean; reject: boolean };
}

type Open = 'cancel' | 'settle' | 'reject' | null;

/**
 * Cancel, manual settle and manual reject. Viewers see the buttons disabled;
 * the api refuses them anyway. Each action asks for a reason and sends the
 * version the operator saw, so a transfer that moved meanwhile is a conflict.
 */
export function OperatorActions({ target }: { target: ActionTarget }) {
  const { canWrite, operator } = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const [quantity, setQuantity] = useState('');
  const [date, setDate] = useState(target.today);
  const quantityId = useId();
  const dateId = useId();
  const [asked, setAsked] = useState<string | null>(null);
  const done = {
    onSuccess: async (result: { ok: true } | { ok: true; approval_id: string | null }) => {
      setOpen(null);
      // With four eyes on, the api stored a request instead of acting.
      setAsked('approval_id' in result ? result.approval_id : null);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
    },
  };
  const cancel = useMutation(trpc.admin.transfers.cancel.mutationOptions(done));
  const settle = useMutation(trpc.admin.transfers.settle.mutationOptions(done));
  const reject = useMutation(trpc.admin.transfers.reject.mutationOptions(done));
  const show = (which: Open) => {
    cancel.reset();
    settle.reset();
    reject.reset();
    setQuantity(target.remaining && /^\d+$/.test(target.remaining) ? target.remaining : '');
    setDate(target.today);
    setOpen(which);
  };
  const base = { id: target.id, expected_updated_at: target.updatedAt };
  const disabledWhy = canWrite ? undefined : `Your role (${operator.role}) can look but not change transfers`;
  const nothing = !target.actions.cancel && !target.actions.settle && !target.actions.reject;

  return (
    <section className="card actions" aria-label="Operator actions">
      <h2>Actions</h2>
      {!canWrite && <p className="muted small">Read-only: signed in as a viewer.</p>}
      {asked && (
        <p className="notice" role="status">
          Sent for approval: a second operator must approve it on the{' '}
          <Link to={paths.approvals()}>Approvals</Link> page before it applies.
        </p>
      )}
      {target.kind === 'SECURITIES' && <PendingApprovals transferId={target.id} />}
      <LinkedCases transferId={target.id} />
      {nothing ? (
        <p className="muted small">No action possible: the transfer is {target.status.toLowerCase()}.</p>
      ) : (
        <div className="button-row">
          {target.actions.cancel && (
            <button
              type="button"
              className="button button-danger"
              disabled={!canWrite}
              title={disabledWhy}
              onClick={() => show('cancel')}
            >
              Cancel transfer
            </button>
          )}
          {target.actions.settle && (
            <button
              type="button"
              className="button"
              disabled={!canWrite}
              title={disabledWhy}
              onClick={() => show('settle')}
            >
              Manual settle…
            </button>
          )}
          {target.actions.reject && (
            <button
              type="button"
              className="button"
              disabled={!canWrite}
              title={disabledWhy}
              onClick={() => show('reject')}
            >
              Manual reject…
            </button>
          )}
        </div>
      )}
      {open === 'cancel' && (
        <ReasonDialog
          title="Cancel this transfer?"
          description={
            target.status === 'NEW'
              ? 'A NEW transfer is cancelled at once and the client is notified.'
              : 'A PROCESSING transfer cannot be stopped here: the cancellation is requested at the custodian, and the transfer ends CANCELLED when the custodian confirms.'
          }
          confirmLabel="Cancel transfer"
          danger
          pending={cancel.isPending}
          error={cancel.error}
          onConfirm={(reason) => cancel.mutate({ ...base, kind: target.kind, reason })}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'settle' && (
        <ReasonDialog
          title="Record a settlement by hand"
          description={`Books the units like a custodian confirmation (MT544/546). Whole units only; ${formatQuantity(target.remaining)} left to settle.`}
          confirmLabel="Book settlement"
          extraValid={/^[1-9]\d{0,14}$/.test(quantity) && /^\d{4}-\d{2}-\d{2}$/.test(date)}
          extra={
            <div className="form-row">
              <label className="filter" htmlFor={quantityId}>
                <span className="label">Settled quantity</span>
                <input
                  id={quantityId}
                  name="quantity"
                  inputMode="numeric"
                  value={quantity}
                  onChange={(e) => setQuantity(e.target.value.trim())}
                />
              </label>
              <label className="filter" htmlFor={dateId}>
                <span className="label">Settlement date</span>
                <input
                  id={dateId}
                  name="date"
                  type="date"
                  max={target.today}
                  value={date}
                  onChange={(e) => setDate(e.target.value)}
                />
              </label>
            </div>
          }
          pending={settle.isPending}
          error={settle.error}
          onConfirm={(reason) => settle.mutate({ ...base, quantity, date, reason })}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'reject' && (
        <ReasonDialog
          title="Record a rejection by hand"
          description="The transfer becomes CANCELLED now, its reserved units are released and the client is notified. Use it when the custodian rejected the instruction outside the automatic flow."
          confirmLabel="Reject transfer"
          danger
          pending={reject.isPending}
          error={reject.error}
          onConfirm={(reason) => reject.mutate({ ...base, reason })}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}
