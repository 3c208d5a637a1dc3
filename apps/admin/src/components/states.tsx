import type { ReactNode } from 'react';
import { errorMessage } from '../lib/errors.js';
import { formatDateTime, formatLocalDateTime } from '../lib/format.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this.</strong> {errorMessage(error)}
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <p>{children}</p>}
    </div>
  );
}

/** "Live · updated 09:05:07" under tables that poll. */
export function LiveIndicator({ updatedAt, fetching }: { updatedAt: number; fetching: boolean }) {
  if (updatedAt === 0) return null;
  const at = new Date(updatedAt).toISOString();
  return (
    <span className={`live${fetching ? ' live-fetching' : ''}`}>
      <span className="live-dot" aria-hidden="true" /> Live · updated{' '}
      <time dateTime={at} title={`${formatDateTime(at)} – refreshes every few seconds`}>
        {formatLocalDateTime(at).slice(-8)}
      </time>
    </span>
  );
}
