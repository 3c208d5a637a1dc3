import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request handler that answers, or declines by returning false. */
export type Mount = (
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
) => boolean | Promise<boolean>;
