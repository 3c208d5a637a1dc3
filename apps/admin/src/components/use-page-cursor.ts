import { useEffect, useState } from 'react';

export interface PageCursor {
  after?: string;
  before?: string;
}

/**
 * The keyset page a list shows (none: the first). It goes back to the first
 * page when the list's filter (`resetKey`) changes: a cursor belongs to one
 * filter's order.
 */
export function usePageCursor(resetKey: string): [PageCursor, (next: PageCursor) => void] {
  const [cursor, setCursor] = useState<{ key: string; page: PageCursor }>({ key: resetKey, page: {} });
  useEffect(() => {
    setCursor((current) => (current.key === resetKey ? current : { key: resetKey, page: {} }));
  }, [resetKey]);
  const page = cursor.key === resetKey ? cursor.page : {};
  return [page, (next) => setCursor({ key: resetKey, page: next })];
}
