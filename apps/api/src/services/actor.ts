import type { Scope } from '@tbo/contracts';
import type { OPERATOR_ROLES } from '../db/schema/operators.js';
import type { ServiceName } from './auth/service-credentials.js';

/** Who is calling: the audit trail and every permission check start here. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'client'; tenantId: string; clientId: string; scopes: readonly Scope[] }
  | { kind: 'service'; name: ServiceName }
  | { kind: 'operator'; operatorId: string; email: string; role: OperatorRole };

export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** How an actor is written in the history and audit trail. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'client':
      return `client:${actor.clientId}`;
    case 'operator':
      return `operator:${actor.email}`;
    case 'service':
      return actor.name;
    default:
      return 'system';
  }
}
