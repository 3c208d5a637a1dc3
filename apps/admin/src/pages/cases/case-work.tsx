import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { CaseComment, CaseLink } from '../../api-types.js';
import { ReasonDialog } from '../../components/reason-dialog.js';
import { Time } from '../../components/time.js';
import { errorMessage } from '../../lib/errors.js';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';
import { useSession } from '../../session/session-context.js';
import { useTRPC } from '../../trpc.js';

export interface CaseState {
  kind: 'EXCEPTION' | 'BREAK';
  id: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
  comments: CaseComment[];
  links: CaseLink[];
}

/**
 * Working an exception or a break: acknowledge, comment, link the transfers
 * that explain it, resolve with a reason. Every step is written to the audit log.
 */
export function CaseWork({ state, resolveHint }: { state: CaseState; resolveHint: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite } = useSession();
  const [comment, setComment] = useState('');
  const [transferId, setTransferId] = useState('');
  const [resolving, setResolving] = useState(false);
  const commentId = useId();
  const linkId = useId();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  };
  const ref = { kind: state.kind, id: state.id };
  const acknowledge = useMutation(trpc.admin.cases.acknowledge.mutationOptions({ onSuccess: refresh }));
  const addComment = useMutation(
    trpc.admin.cases.comment.mutationOptions({
      onSuccess: async () => {
        setComment('');
        await refresh();
      },
    }),
  );
  const link = useMutation(
    trpc.admin.cases.link.mutationOptions({
      onSuccess: async () => {
        setTransferId('');
        await refresh();
      },
    }),
  );
  const resolve = useMutation(
    trpc.admin.cases.resolve.mutationOptions({
      onSuccess: async () => {
        setResolving(false);
        await refresh();
      },
    }),
  );
  const open = state.resolvedAt === null;
  const submitComment = (event: FormEvent) => {
    event.preventDefault();
    if (comment.trim() !== '') addComment.mutate({ ...ref, body: comment.trim() });
  };
  const submitLink = (event: FormEvent) => {
    event.preventDefault();
    if (transferId.trim() !== '') link.mutate({ ...ref, transfer_id: transferId.trim() });
  };

  return (
    <section className="card case-work" aria-label="Work on it">
      <h2>Work on it</h2>
      <p className="small" data-testid="case-state">
        {state.resolvedAt ? (
          <>
            Resolved <Time value={state.resolvedAt} />
            {state.resolvedBy ? (
              <>
                {' '}
                by <span className="actor">{state.resolvedBy}</span>: {state.resolution}
              </>
            ) : (
              ' by a later statement that matched.'
            )}
          </>
        ) : state.acknowledgedAt ? (
          <>
            Acknowledged <Time value={state.acknowledgedAt} /> by{' '}
            <span className="actor">{state.acknowledgedBy}</span>; open.
          </>
        ) : (
          'Open; nobody has acknowledged it yet.'
        )}
      </p>
      {!canWrite && <p className="muted small">Read-only: signed in as a viewer.</p>}
      {open && canWrite && (
        <div className="button-row">
          {state.acknowledgedAt === null && (
            <button
              type="button"
              className="button"
              disabled={acknowledge.isPending}
              onClick={() => acknowledge.mutate(ref)}
            >
              Acknowledge
            </button>
          )}
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              resolve.reset();
              setResolving(true);
            }}
          >
            Resolve…
          </button>
        </div>
      )}
      {acknowledge.isError && (
        <p className="form-error" role="alert">
          {errorMessage(acknowledge.error)}
        </p>
      )}

      <h3>Linked transfers</h3>
      {state.links.length === 0 ? (
        <p className="muted small">No transfer linked yet.</p>
      ) : (
        <ul className="comment-list" aria-label="Linked transfers">
          {state.links.map((l) => (
            <li key={l.transfer_id}>
              <Link to={paths.transfer(l.transfer_kind, l.transfer_id)}>{l.transfer_id}</Link>{' '}
              <span className="muted small">
                linked by {l.linked_by}, <Time value={l.linked_at} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form className="inline-form" onSubmit={submitLink}>
          <label className="filter" htmlFor={linkId}>
            <span className="label">Transfer id</span>
            <input
              id={linkId}
              name="transfer-id"
              value={transferId}
              onChange={(event) => setTransferId(event.target.value)}
              placeholder="securities or account transfer id"
            />
          </label>
          <button type="submit" className="button" disabled={link.isPending || transferId.trim() === ''}>
            Link transfer
          </button>
          {link.isError && (
            <p className="form-error" role="alert">
              {errorMessage(link.error)}
            </p>
          )}
        </form>
      )}

      <h3>Comments</h3>
      {state.comments.length === 0 ? (
        <p className="muted small">No comments yet.</p>
      ) : (
        <ul className="comment-list" aria-label="Comments">
          {state.comments.map((c) => (
            <li key={c.id}>
              <p>{c.body}</p>
              <span className="muted small">
                {c.author}, <Time value={c.at} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form className="inline-form" onSubmit={submitComment}>
          <label className="filter" htmlFor={commentId}>
            <span className="label">Comment</span>
            <textarea
              id={commentId}
              name="comment"
              rows={2}
              maxLength={2000}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={addComment.isPending || comment.trim() === ''}>
            Add comment
          </button>
          {addComment.isError && (
            <p className="form-error" role="alert">
              {errorMessage(addComment.error)}
            </p>
          )}
        </form>
      )}
      {resolving && (
        <ReasonDialog
          title={state.kind === 'EXCEPTION' ? 'Resolve this exception?' : 'Resolve this break?'}
          description={resolveHint}
          confirmLabel="Resolve"
          pending={resolve.isPending}
          error={resolve.error}
          onConfirm={(reason) => resolve.mutate({ ...ref, reason })}
          onClose={() => setResolving(false)}
        />
      )}
    </section>
  );
}
