import { useEffect } from 'react';
import { shortId } from '../lib/format.js';
import type { Route } from './routes.js';

export const PRODUCT = 'Transfers back office';

/** The tab title of a page, e.g. "Securities transfer 0190a1b2… – Transfers back office". */
export function pageTitle(route: Route | 'sign-in'): string {
  const page = (() => {
    if (route === 'sign-in') return 'Sign in';
    switch (route.name) {
      case 'transfers':
        return 'Transfers';
      case 'securities-transfer':
        return `Securities transfer ${shortId(route.id)}`;
      case 'account-transfer':
        return `Account transfer ${shortId(route.id)}`;
      case 'deadlines':
        return 'Deadlines';
      case 'breaks':
        return 'Reconciliation breaks';
      case 'exceptions':
        return 'Custodian exceptions';
      case 'webhooks':
        return 'Webhooks';
      case 'charts':
        return 'Charts';
      case 'accounts':
        return 'Accounts';
      case 'account':
        return `Account ${shortId(route.id)}`;
      default:
        return 'Page not found';
    }
  })();
  return `${page} – ${PRODUCT}`;
}

/** Keeps `document.title` on the current page, so tabs and history entries say where they are. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
