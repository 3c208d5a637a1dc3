import { formatDateTime } from '../lib/format.js';

/**
 * Keyset paging: newer / older pages by the cursors the api hands out, and
 * the first page. A page that stopped at its scan window before filling says
 * how far back it looked; "Older" continues from there.
 */
export function Pagination(props: {
  shown: number;
  total: number | null;
  nextCursor: string | null;
  prevCursor: string | null;
  scannedTo: string | null;
  onPage: (page: { after?: string; before?: string }) => void;
}) {
  const { shown, total, nextCursor, prevCursor, scannedTo, onPage } = props;
  return (
    <nav className="pagination" aria-label="Pages">
      <span className="muted" data-testid="page-summary">
        {shown.toLocaleString('en-US')} shown
        {total !== null
          ? ` of ${total.toLocaleString('en-US')}`
          : nextCursor !== null
            ? ', more on the next pages'
            : ''}
      </span>
      {scannedTo !== null && (
        <span className="hint" role="status">
          Looked back to {formatDateTime(scannedTo)} without filling the page – older rows may match.
        </span>
      )}
      <button
        type="button"
        className="button button-small"
        disabled={prevCursor === null}
        onClick={() => onPage({})}
      >
        ⇤ First
      </button>
      <button
        type="button"
        className="button button-small"
        disabled={prevCursor === null}
        onClick={() => prevCursor && onPage({ before: prevCursor })}
      >
        ← Newer
      </button>
      <button
        type="button"
        className="button button-small"
        disabled={nextCursor === null}
        onClick={() => nextCursor && onPage({ after: nextCursor })}
      >
        {scannedTo !== null ? 'Keep looking →' : 'Older →'}
      </button>
    </nav>
  );
}
