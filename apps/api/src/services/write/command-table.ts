import type { Db } from '../../db/client.js';

/** A command's handler: runs it on the write transaction it is given and answers with its result. */
// `never`: any handler fits, whatever data it declares (parameters are contravariant);
// each handler's own input type is checked where it is declared.
type Handler = (db: Db, input: never) => Promise<unknown>;

/**
 * One area's commands, by name: each handler declares the data its command
 * carries (plain data, no closures, so it can be posted to the writer
 * thread). The command types are derived from the handlers, so a command is
 * written once.
 */
export function defineCommands<H extends Record<string, Handler>>(handlers: H): H {
  return handlers;
}

/** The commands a handler table accepts: `{ op }` plus what its handler reads. */
export type CommandsOf<H extends Record<string, Handler>> = {
  [Op in keyof H & string]: { op: Op } & Parameters<H[Op]>[1];
}[keyof H & string];

/** What the handler of `Op` answers. */
export type AnswerOf<H extends Record<string, Handler>, Op extends keyof H> = Awaited<ReturnType<H[Op]>>;
