import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TransferRow } from '../../api-types.js';
import { ReasonDialog } from '../../components/reason-dialog.js';
import { useSession } from '../../session/session-context.js';
import { useTRPC } from '../../trpc.js';

type Action = 'cancel' | 'redeliver';
type Outcome = { id: string; ok: true } | { id: string; ok: false; code: string; message: string };

const LABELS: Record<Action, { title: string; confirm: string; done: string }> = {
  cancel: {
    title: 'Cancel the selected transfers',
    confirm: 'Cancel them',
    done: 'cancelled or cancellation requested',
  },
  redeliver: { title: 'Send their webhooks again', confirm: 'Redeliver', done: 'queued for redelivery' },
};

/**
 * Multi-select actions: one reason for the batch, each transfer done (and
 * written to its own history) on its own; what could not be done is listed.
 */
export function BulkActions({
  kind,
  selected,
  onDone,
}: {
  kind: 'SECURITIES' | 'ACCOUNT';
  selected: TransferRow[];
  onDone: () => void;
}) {
  const { canWrite } = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [report, setReport] = useState<{ action: Action; results: Outcome[] } | null>(null);
  const finish = (action: Action) => ({
    onSuccess: async (data: { results: Outcome[] }) => {
      setOpen(null);
      setReport({ action, results: data.results });
      onDone();
      await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
    },
  });
  const cancel = useMutation(trpc.admin.transfers.bulkCancel.mutationOptions(finish('cancel')));
  const redeliver = useMutation(trpc.admin.transfers.bulkRedeliver.mutationOptions(finish('redeliver')));
  const mutation = open === 'redeliver' ? redeliver : cancel;
  const items = selected.map((row) => ({ id: row.id, expected_updated_at: row.updated_at }));
  const failed = report?.results.filter((r) => !r.ok) ?? [];
  const disabledWhy = canWrite ? undefined : 'Viewers can look but not change transfers';

  return (
    <>
      {selected.length > 0 && (
        <section className="bulk-bar" aria-label="Selected transfers">
          <strong>{selected.length} selected</strong>
          <button
            type="button"
            className="button button-danger button-small"
            disabled={!canWrite}
            title={disabledWhy}
            onClick={() => {
              cancel.reset();
              setOpen('cancel');
            }}
          >
            Cancel selected…
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={!canWrite}
            title={disabledWhy}
            onClick={() => {
              redeliver.reset();
              setOpen('redeliver');
            }}
          >
            Redeliver webhooks…
          </button>
          <button type="button" className="button button-ghost button-small" onClick={onDone}>
            Clear selection
          </button>
        </section>
      )}
      {report && (
        <div
          className={`state ${failed.length > 0 ? 'state-error' : 'state-ok'}`}
          role="status"
          data-testid="bulk-report"
        >
          <strong>
            {report.results.length - failed.length} of {report.results.length} {LABELS[report.action].done}.
          </strong>
          {failed.length > 0 && (
            <ul className="plain small">
              {failed.map((f) => (
                <li key={f.id}>
                  <span className="mono">{f.id}</span>: {'message' in f ? f.message : ''}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button button-small" onClick={() => setReport(null)}>
            Dismiss
          </button>
        </div>
      )}
      {open && (
        <ReasonDialog
          title={LABELS[open].title}
          description={
            <p>
              {selected.length} {kind === 'SECURITIES' ? 'securities' : 'account'} transfer
              {selected.length === 1 ? '' : 's'}. Each is handled on its own and gets this reason in its
              history; any that changed since you saw it is skipped.
            </p>
          }
          confirmLabel={`${LABELS[open].confirm} (${selected.length})`}
          danger={open === 'cancel'}
          pending={mutation.isPending}
          error={mutation.error}
          onConfirm={(reason) => mutation.mutate({ kind, items, reason })}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
