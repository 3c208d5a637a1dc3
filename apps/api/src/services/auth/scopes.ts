import type { Scope } from '@tbo/contracts';

/** The rule of clientProcedure: a scope is granted directly, or `<resource>:admin` implies `:read`. */
export function grantsScope(granted: readonly Scope[], needed: Scope): boolean {
  if (granted.includes(needed)) return true;
  const [resource] = needed.split(':');
  return needed.endsWith(':read') && granted.includes(`${resource}:admin` as Scope);
}
