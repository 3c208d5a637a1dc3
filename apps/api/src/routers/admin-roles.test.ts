import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, type TestDb } from '../../test/harness.js';
import type { Actor, OperatorRole } from '../context.js';
import { appRouter } from '../router.js';

const RANK: Record<OperatorRole, number> = { viewer: 0, operator: 1, admin: 2 };

function operator(role: OperatorRole): Actor {
  return { kind: 'operator', operatorId: `op-${role}`, email: `${role}@example.com`, role };
}

/**
 * The rule every admin procedure follows: reads need a signed-in operator,
 * writes the operator role, operator management the admin role; an
 * operator's own second factor is open to every role.
 */
function requiredRole(path: string, type: string): OperatorRole {
  if (path.startsWith('admin.operators.')) return 'admin';
  if (path.startsWith('admin.totp.')) return 'viewer';
  return type === 'mutation' ? 'operator' : 'viewer';
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
)
  .filter(([path]) => path.startsWith('admin.'))
  .map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    role: requiredRole(path, procedure._def.type),
  }));

async function codeOf(t: TestDb, actor: Actor, path: string): Promise<string> {
  let node: unknown = callerFor(t, { actor });
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  try {
    await (node as (input: unknown) => Promise<unknown>)({});
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'OTHER';
  }
}

describe('roles on every admin procedure', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());

  it('covers the write and management procedures of the console', () => {
    const byRole = (role: OperatorRole) => procedures.filter((p) => p.role === role).map((p) => p.path);
    expect(byRole('admin')).toEqual(
      expect.arrayContaining([
        'admin.operators.create',
        'admin.operators.setDisabled',
        'admin.operators.list',
      ]),
    );
    expect(byRole('operator')).toEqual(
      expect.arrayContaining([
        'admin.transfers.settle',
        'admin.transfers.reject',
        'admin.approvals.approve',
        'admin.cases.resolve',
        'admin.exceptions.resolve',
      ]),
    );
  });

  it.each(procedures)('$path ($type) needs $role', async ({ path, role }) => {
    expect(await codeOf(t, { kind: 'anonymous' }, path)).toBe('UNAUTHORIZED');
    for (const actorRole of ['viewer', 'operator', 'admin'] as const) {
      const code = await codeOf(t, operator(actorRole), path);
      if (RANK[actorRole] < RANK[role]) expect(code, `${actorRole} on ${path}`).toBe('FORBIDDEN');
      else expect(code, `${actorRole} on ${path}`).not.toMatch(/FORBIDDEN|UNAUTHORIZED/);
    }
  });
});
