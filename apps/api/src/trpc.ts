import type { Scope } from '@tbo/contracts';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context, OperatorRole } from './context.js';
import { AppError, ERROR_CODES, type ErrorCode } from './domain/errors.js';
import { asAppError, toProblem } from './domain/problem.js';
import { grantsScope } from './services/auth/scopes.js';
import { serviceMayCall } from './services/auth/service-credentials.js';

type TrpcCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_SUPPORTED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE_CONTENT'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

const TRPC_CODE_BY_STATUS: Record<number, TrpcCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  406: 'BAD_REQUEST',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

export function trpcCodeFor(error: AppError): TrpcCode {
  return TRPC_CODE_BY_STATUS[ERROR_CODES[error.code].status] ?? 'INTERNAL_SERVER_ERROR';
}

/** tRPC's own refusals (unknown path, wrong method, unparsable input) keep their meaning. */
const APP_CODE_BY_TRPC_CODE: Partial<Record<TRPCError['code'], ErrorCode>> = {
  PARSE_ERROR: 'BAD_REQUEST',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE_CONTENT: 'UNPROCESSABLE',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
};

function appErrorOf(error: TRPCError): AppError {
  const cause: unknown = error.cause;
  if (cause instanceof AppError) return cause;
  // An output that broke its contract is wrapped as INTERNAL_SERVER_ERROR: a 500, not a 400.
  if (cause instanceof ZodError) return asAppError(error.code === 'INTERNAL_SERVER_ERROR' ? error : cause);
  const code = APP_CODE_BY_TRPC_CODE[error.code];
  return code ? new AppError(code, error.message) : asAppError(cause ?? error);
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    const appError = appErrorOf(error);
    const requestId = ctx?.requestId ?? 'unknown';
    // Internals (stack, messages of unexpected errors) never leave the process.
    return {
      message: appError.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: appError.status,
        path: shape.data.path,
        problem: toProblem(appError, requestId),
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** A domain error as the tRPC error of its own code (and so HTTP status) instead of a 500. */
export function typedError(error: unknown): unknown {
  return error instanceof AppError
    ? new TRPCError({ code: trpcCodeFor(error), message: error.message, cause: error })
    : error;
}

type MiddlewareResult = { ok: boolean; error?: TRPCError };

function typedResult<R extends MiddlewareResult>(result: R): R {
  if (!result.ok && result.error?.cause instanceof AppError) throw typedError(result.error.cause);
  return result;
}

/** Gives domain errors their own tRPC code (and so HTTP status) instead of a 500. */
const typedErrors = t.middleware(async ({ next }) => typedResult(await next()));

export const publicProcedure = t.procedure.use(typedErrors);

/**
 * A tenant's API client with the given scope; `admin` implies `read`. The
 * scope check and the error typing share one middleware: every level of the
 * chain copies the call's options, and this is the hottest procedure kind.
 */
export function clientProcedure(scope: Scope) {
  return t.procedure.use(async ({ ctx, next, type }) => {
    const actor = ctx.actor;
    if (ctx.authError) throw typedError(ctx.authError);
    if (actor.kind !== 'client') {
      throw typedError(new AppError('UNAUTHENTICATED', 'a client access token is required'));
    }
    if (!grantsScope(actor.scopes, scope)) {
      throw typedError(new AppError('FORBIDDEN', `the access token lacks the scope ${scope}`));
    }
    try {
      await ctx.admitCall?.(type);
    } catch (error) {
      throw typedError(error);
    }
    return typedResult(await next({ ctx: { actor, tenantId: actor.tenantId } }));
  });
}

/** Internal services, each reaching only the procedures its credential grants. */
export const serviceProcedure = publicProcedure.use(({ ctx, next, path }) => {
  if (ctx.authError) throw ctx.authError;
  const actor = ctx.actor;
  if (actor.kind !== 'service') throw new AppError('UNAUTHENTICATED', 'service credentials required');
  if (!serviceMayCall(actor.name, path)) {
    throw new AppError('FORBIDDEN', `the ${actor.name} service may not call ${path}`);
  }
  return next({ ctx: { ...ctx, actor } });
});

const ROLE_RANK: Record<OperatorRole, number> = { viewer: 0, operator: 1, admin: 2 };

const NEEDS: Record<Exclude<OperatorRole, 'viewer'>, string> = {
  operator: 'may not change transfers, exceptions or breaks',
  admin: 'may not manage operators',
};

/** Console operators: `viewer` reads, `operator` also writes, `admin` also manages operators. */
export function operatorProcedure(role: OperatorRole) {
  return publicProcedure.use(({ ctx, next }) => {
    const actor = ctx.actor;
    if (ctx.authError) throw ctx.authError;
    if (actor.kind !== 'operator') throw new AppError('UNAUTHENTICATED', 'please sign in');
    if (role !== 'viewer' && ROLE_RANK[actor.role] < ROLE_RANK[role]) {
      throw new AppError('FORBIDDEN', `your role (${actor.role}) ${NEEDS[role]}`);
    }
    return next({ ctx: { ...ctx, actor } });
  });
}
