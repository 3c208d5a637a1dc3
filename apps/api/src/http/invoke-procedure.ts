import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import type { Context } from '../context.js';
import { appRouter } from '../router.js';

export type ProcedureType = 'query' | 'mutation';

type MiddlewareResult = { ok: true; data: unknown } | { ok: false; error: TRPCError };

interface CallOptions {
  ctx: unknown;
  type: ProcedureType;
  path: string;
  input: unknown;
  getRawInput: () => Promise<unknown>;
  signal: undefined;
  batchIndex: number;
}

interface NextOptions {
  ctx?: Record<string, unknown>;
  input?: unknown;
  getRawInput?: () => Promise<unknown>;
}

type Middleware = (
  options: CallOptions & { meta: unknown; next(options?: NextOptions): Promise<MiddlewareResult> },
) => Promise<MiddlewareResult>;

interface ProcedureDef {
  type: string;
  meta: unknown;
  middlewares: Middleware[];
}

// At run time tRPC keeps every procedure under its dotted path here.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef } | undefined>;

/** The type of the procedure at `path`, or undefined when there is none. */
export function procedureTypeAt(path: string): string | undefined {
  return procedures[path]?._def.type;
}

/**
 * One level of a procedure's middleware chain, exactly as tRPC's own
 * `callRecursive` runs it (same options, same ctx and input merging, same
 * result protocol), with native object spreads: the published build copies
 * the options through a transpiled helper, property by property, twice per
 * level, which cost more CPU than the validation of a create.
 */
async function callLevel(def: ProcedureDef, index: number, options: CallOptions): Promise<MiddlewareResult> {
  try {
    const middleware = def.middlewares[index] as Middleware;
    return await middleware({
      ...options,
      meta: def.meta,
      next: (next) =>
        callLevel(def, index + 1, {
          ...options,
          ctx: next?.ctx ? { ...(options.ctx as object), ...next.ctx } : options.ctx,
          input: next && 'input' in next ? next.input : options.input,
          getRawInput: next?.getRawInput ?? options.getRawInput,
        }),
    });
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause) };
  }
}

/**
 * Calls the router's procedure at `path` with `ctx` and the raw (unparsed)
 * input – its middlewares, input and output validation all run – and returns
 * its result or throws its TRPCError, like tRPC's caller. Pinned to the
 * @trpc/server 11 procedure layout (`_def.middlewares`), which the whole
 * test suite exercises through here.
 */
export async function invokeProcedure(
  path: string,
  type: ProcedureType,
  ctx: Context,
  rawInput: unknown,
): Promise<unknown> {
  const def = procedures[path]?._def;
  if (def === undefined || def.type !== type) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `No "${type}"-procedure on path "${path}"` });
  }
  const result = await callLevel(def, 0, {
    ctx,
    type,
    path,
    input: undefined,
    getRawInput: async () => rawInput,
    signal: undefined,
    batchIndex: 0,
  });
  if (!result.ok) throw result.error;
  return result.data;
}
