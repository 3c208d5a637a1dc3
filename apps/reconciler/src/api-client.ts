import type { AppRouter } from '@tbo/api';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';

export type ApiClient = TRPCClient<AppRouter>;
type Internal = ApiClient['internal'];

/** A transfer handed to the worker by `internal.claimWork`. */
export type WorkItem = Awaited<ReturnType<Internal['claimWork']['mutate']>>['items'][number];
/** One change the worker asks the api for (`internal.processBatch`). */
export type SettlementCommand = Parameters<Internal['processBatch']['mutate']>[0]['commands'][number];
export type CommandResult = Awaited<ReturnType<Internal['processBatch']['mutate']>>['results'][number];
export type WorkStatus = Awaited<ReturnType<Internal['status']['query']>>;
export type StatementInput = Parameters<Internal['recordStatement']['mutate']>[0];

export interface ApiClientOptions {
  /** Base url of the api, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The service's own credential (sent as x-internal-token); the api knows which service it names. */
  token: string;
}

/** The worker's only way to the database: the api's internal tRPC router. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${options.url.replace(/\/$/, '')}/trpc`,
        headers: () => ({
          'x-internal-token': options.token,
        }),
      }),
    ],
  });
}
