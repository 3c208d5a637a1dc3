import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { WebhookEvent } from '../../api-types.js';
import { ReasonDialog } from '../../components/reason-dialog.js';
import { useSession } from '../../session/session-context.js';
import { useTRPC } from '../../trpc.js';

export interface WebhookTarget {
  kind: 'SECURITIES' | 'ACCOUNT';
  id: string;
}

const ALL = 'all';

/** Sends the transfer's events again to one of its subscriptions, or all; the reason is audited. */
export function RedeliverTransfer({ target, events }: { target: WebhookTarget; events: WebhookEvent[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite, operator } = useSession();
  const [open, setOpen] = useState(false);
  const [subscription, setSubscription] = useState(ALL);
  const [queued, setQueued] = useState<number | null>(null);
  const selectId = useId();
  const subscriptions = new Map<string, string>();
  for (const event of events)
    for (const d of event.deliveries) subscriptions.set(d.subscription_id, d.url ?? d.subscription_id);
  const redeliver = useMutation(
    trpc.admin.webhooks.redeliverTransfer.mutationOptions({
      onSuccess: async (result) => {
        setOpen(false);
        setQueued(result.queued);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );
  const none = subscriptions.size === 0;
  return (
    <div className="trail-actions">
      <button
        type="button"
        className="button button-small"
        disabled={!canWrite || none}
        title={
          none
            ? 'No subscription has received these events'
            : canWrite
              ? 'Send this transfer’s events again'
              : `Your role (${operator.role}) cannot redeliver`
        }
        onClick={() => {
          redeliver.reset();
          setSubscription(ALL);
          setOpen(true);
        }}
      >
        Redeliver events…
      </button>
      {queued !== null && (
        <span className="small muted" role="status">
          {queued} deliver{queued === 1 ? 'y' : 'ies'} queued.
        </span>
      )}
      {open && (
        <ReasonDialog
          title="Redeliver this transfer’s events?"
          description="Every event of this transfer is queued again for now, delivered ones included, in order. Receivers deduplicate by event id."
          confirmLabel="Redeliver now"
          extra={
            <>
              <label htmlFor={selectId} className="label">
                Subscription
              </label>
              <select id={selectId} value={subscription} onChange={(e) => setSubscription(e.target.value)}>
                <option value={ALL}>All subscriptions ({subscriptions.size})</option>
                {[...subscriptions].map(([id, url]) => (
                  <option key={id} value={id}>
                    {url}
                  </option>
                ))}
              </select>
            </>
          }
          pending={redeliver.isPending}
          error={redeliver.error}
          onConfirm={(reason) =>
            redeliver.mutate({
              kind: target.kind,
              id: target.id,
              reason,
              ...(subscription === ALL ? {} : { subscription_id: subscription }),
            })
          }
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
