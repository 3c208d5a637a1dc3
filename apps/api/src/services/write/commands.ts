import { AccountTransferSchema, SecuritiesTransferSchema } from '@tbo/contracts';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { AppError } from '../../domain/errors.js';
import { clientCommands } from './client-commands.js';
import type { AnswerOf, CommandsOf } from './command-table.js';
import { consoleCommands } from './console-commands.js';
import { dispatchCommands } from './dispatch-commands.js';
import { settlementCommands } from './settlement-commands.js';

/**
 * Every write, by name, in one table: each area's handlers (clients',
 * and any other area's) are spread in here. Adding a write is adding a
 * handler to its area's table.
 */
const HANDLERS = { ...clientCommands, ...consoleCommands, ...settlementCommands, ...dispatchCommands };

type Handlers = typeof HANDLERS;

/** Every command the write port runs: plain data, so it can be posted to the writer thread. */
export type WriteCommand = CommandsOf<Handlers>;

/** What the command named `Op` answers. */
export type WriteAnswer<Op extends WriteCommand['op']> = AnswerOf<Handlers, Op>;

/** The resource as its contract defines it; a mismatch is the service's fault (500), never the client's. */
function contractResource<T>(schema: z.ZodType<T>, resource: unknown): T {
  const parsed = schema.safeParse(resource);
  if (!parsed.success) {
    throw new AppError('INTERNAL', 'An unexpected error occurred; quote the request_id to support', {
      cause: new Error(`the response breaks its contract: ${parsed.error.message}`),
    });
  }
  return parsed.data;
}

/** The contract each transfer command answers with. */
const ANSWER_SCHEMAS: Partial<Record<WriteCommand['op'], z.ZodType>> = {
  'securitiesTransfers.create': SecuritiesTransferSchema,
  'securitiesTransfers.cancel': SecuritiesTransferSchema,
  'accountTransfers.create': AccountTransferSchema,
  'accountTransfers.cancel': AccountTransferSchema,
};

/**
 * Runs the command. A transfer command answers with the resource parsed by
 * its contract schema, inside the write: a response that breaks the contract
 * fails the write (500) instead of being committed and replayed.
 */
export async function runCommand(db: Db, command: WriteCommand): Promise<unknown> {
  const answer = await execute(db, command);
  const schema = ANSWER_SCHEMAS[command.op];
  return schema ? contractResource(schema, answer) : answer;
}

async function execute(db: Db, command: WriteCommand): Promise<unknown> {
  // The command's data is what its handler declared (the table's types); the
  // name may come from another thread, so it is checked here.
  const handler = Object.hasOwn(HANDLERS, command.op)
    ? (HANDLERS[command.op] as (db: Db, command: WriteCommand) => Promise<unknown>)
    : undefined;
  if (!handler) throw new Error(`unknown write command ${command.op}`);
  return await handler(db, command);
}
