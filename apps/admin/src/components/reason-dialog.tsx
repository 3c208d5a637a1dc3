import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors.js';
import { useDialogFocus } from './use-dialog-focus.js';

export const MIN_REASON_LENGTH = 3;

/**
 * A modal asking for the mandatory reason of an operator action (written to
 * the transfer's history), with room for extra fields. Focus stays inside
 * while it is open; Escape cancels and focus returns to the opener.
 */
export function ReasonDialog(props: {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  extra?: ReactNode;
  extraValid?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { title, description, confirmLabel, danger, extra, extraValid = true, pending, error } = props;
  const [reason, setReason] = useState('');
  const titleId = useId();
  const reasonId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const onClose = props.onClose;

  useDialogFocus(dialog, onClose);

  const valid = reason.trim().length >= MIN_REASON_LENGTH && extraValid;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid && !pending) props.onConfirm(reason.trim());
  };

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialog}>
        <form onSubmit={submit}>
          <h2 id={titleId}>{title}</h2>
          <div className="modal-description">{description}</div>
          {extra}
          <label htmlFor={reasonId} className="label">
            Reason <span className="muted">(required, written to the audit trail)</span>
          </label>
          <textarea
            id={reasonId}
            name="reason"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="e.g. client asked by phone, ticket OPS-1234"
          />
          {error !== null && error !== undefined && (
            <p className="form-error" role="alert">
              {errorMessage(error)}
            </p>
          )}
          <div className="modal-actions">
            <button type="button" className="button" onClick={onClose} disabled={pending}>
              Back
            </button>
            <button
              type="submit"
              className={`button ${danger ? 'button-danger' : 'button-primary'}`}
              disabled={!valid || pending}
            >
              {pending ? 'Working…' : confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
