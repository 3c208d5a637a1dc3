import type { AppRouter } from '@tbo/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * Same-origin tRPC over /trpc with the session cookie; every request carries
 * the session's CSRF token (the api checks it on writes).
 */
export function createApiClient(csrfToken: () => string | undefined) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        headers: () => {
          const token = csrfToken();
          return {
            'x-requested-with': 'tbo-admin',
            ...(token ? { 'x-csrf-token': token } : {}),
          };
        },
        fetch: (url, options) => fetch(url, { ...options, credentials: 'include' }),
      }),
    ],
  });
}
